package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.paperboy.storage.Database;
import dev.paperboy.testing.GreenMails;
import dev.paperboy.testing.Mails;
import dev.paperboy.testing.ServeProcess;
import dev.paperboy.testing.TestDatabases;
import dev.paperboy.testing.TestHome;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code paperboy serve} nodes, each a process of its own, on one embedded PostgreSQL, sending
 * into GreenMail: 2,000 subscribers all due at once (a slot ten minutes ago, caught up by Quartz's
 * clustered misfire handling on whichever node gets it).
 */
class ClusterTest {
  private static final int SUBSCRIBERS = 2_000;

  @TempDir Path dir;
  private GreenMail smtp;
  private TestHome home;
  private String url;
  private final Map<String, ServeProcess> nodes = new LinkedHashMap<>();

  @BeforeEach
  void start() {
    smtp = GreenMails.start(0);
    url = TestDatabases.url(Database.Dialect.POSTGRESQL);
  }

  @AfterEach
  void stop() throws Exception {
    for (ServeProcess p : nodes.values()) {
      p.close();
      System.out.println("---- " + p.name() + ": what it did");
      p.log().lines().filter(l -> l.matches(".*(joins|serving|slot |chunk|taken over|recover|stopped).*"))
          .forEach(System.out::println);
    }
    smtp.stop();
  }

  @Test
  void twoNodesSendEveryDigestExactlyOnceAndShareTheWork() throws Exception {
    setUp("");
    long t0 = System.nanoTime();
    startNode("node-a");
    startNode("node-b");

    // (polling the database, not GreenMail: getReceivedMessages() parses every message each time)
    waitFor(this::allSent, 90, "every digest sent and recorded");
    double seconds = (System.nanoTime() - t0) / 1e9;

    Map<String, Integer> perRecipient = received();
    assertThat(perRecipient).hasSize(SUBSCRIBERS);
    assertThat(perRecipient.values()).allMatch(n -> n == 1);
    Map<String, Integer> sentBy = countBy("sent_by");
    Map<String, Integer> composedBy = countBy("composed_by");
    System.out.printf("cluster: %d digests, each received once, in %.1f s; sent by %s; composed by %s%n",
        SUBSCRIBERS, seconds, sentBy, composedBy);
    assertThat(sentBy.keySet()).containsExactlyInAnyOrder("node-a", "node-b");
    assertThat(sentBy.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(SUBSCRIBERS);
    assertThat(composedBy.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(SUBSCRIBERS);

    // a clean stop is recorded; status lists both nodes with what they hold
    assertThat(nodes.get("node-b").stop()).isZero(); // a clean stop on SIGTERM exits 0
    var status = home.cli().run("status");
    assertThat(status.exitCode()).as(status.err()).isZero();
    System.out.println(status.out());
    assertThat(status.out()).contains("nodes:").containsPattern("node-a +alive +last heartbeat .* in flight 0")
        .containsPattern("node-b +stopped +last heartbeat .* in flight 0");
  }

  @Test
  void whenANodeIsKilledMidCycleTheOtherFinishesItAndOnlyItsRowsInFlightMayBeSentTwice() throws Exception {
    // slow enough that the cycle is still running when node-b dies; short leases so that its rows come back soon
    setUp("""
          rate_per_second: 200
          lease: 6s
        """);
    startNode("node-a");
    startNode("node-b");

    waitFor(() -> sentBy("node-b") >= 200, 90, "node-b sending");
    nodes.get("node-b").kill();
    Map<Long, String> inFlight = inFlightOf("node-b");
    int sentBeforeKill = smtp.getReceivedMessages().length;

    waitFor(this::allSent, 90, "node-a finishing the cycle");
    Map<String, Integer> perRecipient = received();
    Set<String> twice = perRecipient.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
        .collect(Collectors.toSet());
    int dupes = perRecipient.values().stream().mapToInt(n -> n - 1).sum();
    System.out.printf("cluster kill: node-b killed after %d messages received, holding %d rows; %d duplicates"
        + " (%s); sent by %s%n", sentBeforeKill, inFlight.size(), dupes, twice, countBy("sent_by"));

    assertThat(perRecipient).hasSize(SUBSCRIBERS); // nothing lost
    assertThat(dupes).isLessThanOrEqualTo(inFlight.size());
    assertThat(inFlight.values()).containsAll(twice); // only rows the dead node held
    assertThat(nodes.get("node-a").isAlive()).isTrue();
    assertThat(sentBy("node-a")).isPositive();
  }

  // ------------------------------------------------------------------ helpers

  private void setUp(String deliveryExtra) {
    home = new TestHome(dir).config("""
        storage:
          url: "%s"
          username: postgres
          password: ""
          pool_size: 6
        delivery:
          transport: smtp
          senders: 2
          batch_size: 25
          poll_interval: 200ms
        %s
        smtp:
          host: 127.0.0.1
          port: %d
        web:
          port: 0
          secrets: "t1:cluster-test-secret-0123"
        serve:
          chunk_size: 200
        """.formatted(url, deliveryExtra, smtp.getSmtp().getPort()));
    String tenMinutesAgo = TestHome.passedToday(10);
    home.readersDueAt(SUBSCRIBERS, tenMinutesAgo);
    var ingest = home.cli().run("ingest", TestHome.sample("daily-papers-listing-mar12.txt"));
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
  }

  private void startNode(String name) {
    nodes.put(name, ServeProcess.start(name, home.dir(), Map.of("PAPERBOY_SERVE_NODE_ID", name)));
  }

  private void waitFor(BooleanSupplier condition, int seconds, String what) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.getAsBoolean()) {
      for (ServeProcess p : nodes.values()) {
        if (!p.isAlive() && !p.name().equals("node-b")) throw new AssertionError(p.name() + " died:\n" + p.log());
      }
      if (System.nanoTime() > deadline) {
        StringBuilder logs = new StringBuilder();
        for (ServeProcess p : nodes.values()) logs.append("---- ").append(p.name()).append('\n').append(tail(p.log()));
        throw new AssertionError("timed out waiting for " + what + "; outbox " + countBy("status") + "\n" + logs);
      }
      Thread.sleep(200);
    }
  }

  private static String tail(String log) {
    return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
  }

  private Map<String, Integer> received() {
    Map<String, Integer> out = new HashMap<>();
    for (MimeMessage m : smtp.getReceivedMessages()) out.merge(Mails.to(m), 1, Integer::sum);
    return out;
  }

  private boolean allSent() {
    return query("SELECT COUNT(*) FROM outbox WHERE status = 'sent'", rs -> rs.next() ? rs.getInt(1) : 0)
        == SUBSCRIBERS;
  }

  private int sentBy(String node) {
    return countBy("sent_by").getOrDefault(node, 0);
  }

  /** Outbox rows by a column; node columns ({@code node#sender}) by node. */
  private Map<String, Integer> countBy(String column) {
    return query("SELECT " + column + ", COUNT(*) FROM outbox GROUP BY " + column, rs -> {
      Map<String, Integer> out = new TreeMap<>();
      while (rs.next()) {
        String key = rs.getString(1);
        if (key == null) continue;
        out.merge(key.contains("#") ? key.substring(0, key.lastIndexOf('#')) : key, rs.getInt(2), Integer::sum);
      }
      return out;
    });
  }

  /** The rows a node holds under a lease: claimed, being sent, or sent but not yet recorded. */
  private Map<Long, String> inFlightOf(String node) {
    return query("SELECT id, email FROM outbox WHERE status = 'sending' AND lease_owner LIKE '" + node + "#%'", rs -> {
      Map<Long, String> out = new HashMap<>();
      while (rs.next()) out.put(rs.getLong(1), rs.getString(2));
      return out;
    });
  }

  private interface RowsReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> T query(String sql, RowsReader<T> reader) {
    try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return reader.read(rs);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
