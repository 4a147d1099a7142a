package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.SubscriberStore;
import dev.paperboy.storage.Database;
import dev.paperboy.testing.GreenMails;
import dev.paperboy.testing.Mails;
import dev.paperboy.testing.TestHome;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service as `paperboy serve` runs it, in this JVM: real Quartz, real senders, GreenMail. */
class ServeTest {

  @TempDir Path dir;
  private GreenMail smtp;
  private TestHome home;

  @BeforeEach
  void start() {
    smtp = GreenMails.start(0);
    home = new TestHome(dir).config("""
        delivery:
          transport: smtp
          poll_interval: 200ms
          max_age: 20h
        smtp:
          host: 127.0.0.1
          port: %d
        web:
          port: 0
          secrets: "t1:serve-test-secret-0123"
        """.formatted(smtp.getSmtp().getPort()));
  }

  @AfterEach
  void stop() {
    smtp.stop();
  }

  @Test
  void aSlotMissedWhileDownIsCaughtUpOnceAndDeliveredAndABrokenTopicFileIsRejected() throws Exception {
    String tenMinutesAgo = TestHome.passedToday(10);
    home.topics(topics("- {email: ada@example.org, topics: [diffusion], send_at: \"" + tenMinutesAgo + "\"}"));
    assertThat(home.cli().run("ingest", TestHome.sample("daily-papers-listing-mar12.txt")).exitCode()).isZero();

    try (AppContext app = new AppContext(Map.of(), dir, null, Clock.systemUTC()); Server server = new Server(app)) {
      server.start();

      assertThat(smtp.waitForIncomingEmail(15_000, 1)).isTrue();
      assertThat(smtp.getReceivedMessages()).extracting(Mails::to).containsExactly("ada@example.org");
      assertThat(server.scheduler().prunes()).as("storage.keep is 180d by default").isTrue();

      home.topics(topics("- {email: ada@example.org, topics: [difusion]}"));
      assertThat(server.reloadTopics()).isFalse(); // rejected: the previous file stays in force
      assertThat(server.scheduler().describe()).singleElement().asString().startsWith("UTC " + tenMinutesAgo + " daily");

      home.topics(topics("- {email: ada@example.org, topics: [diffusion], send_at: \"" + tenMinutesAgo + "\"}\n"
          + "  - {email: grace@example.org, topics: [diffusion], timezone: Asia/Tokyo, send_at: \"07:30\", frequency: weekdays}"));
      assertThat(server.reloadTopics()).isTrue();
      assertThat(server.scheduler().describe()).hasSize(2).anySatisfy(s -> assertThat(s).startsWith("Asia/Tokyo 07:30 weekdays"));
    }
    // nothing more was sent: the caught-up slot ran once
    assertThat(smtp.getReceivedMessages()).hasSize(1);
  }

  @Test
  void aSlotCaughtUpAfterARestartIsNotSentToWhoSignedUpOnTheWebSinceItWasDue() throws Exception {
    String tenMinutesAgo = TestHome.passedToday(10);
    home.topics(topics("- {email: ada@example.org, topics: [diffusion], send_at: \"" + tenMinutesAgo + "\"}"));
    assertThat(home.cli().run("ingest", TestHome.sample("daily-papers-listing-mar12.txt")).exitCode()).isZero();
    Instant now = Instant.now();
    // between the slot's due time and now: just after midnight the slot is 00:00, due seconds ago, not ten minutes
    Instant due = LocalDate.now(ZoneOffset.UTC).atTime(LocalTime.parse(tenMinutesAgo)).toInstant(ZoneOffset.UTC);
    if (due.isAfter(now)) due = due.minus(Duration.ofDays(1));
    Instant sinceDue = due.plus(Duration.between(due, now).dividedBy(2));
    String prefs = "{\"topics\": [\"diffusion\"], \"timezone\": \"UTC\", \"send_at\": \"" + tenMinutesAgo + "\"}";
    try (Database db = Database.open("jdbc:h2:file:data/paperboy", "sa", "", 2, dir)) {
      db.jdbi().useHandle(h -> new SubscriberStore(h).insert(List.of(
          new StoredSubscriber("web-before", "zoe@example.org", "", Subscriber.Origin.WEB, StoredSubscriber.Status.ACTIVE,
              prefs, now.minus(Duration.ofDays(2)), now, now.minus(Duration.ofDays(2)), null),
          new StoredSubscriber("web-since", "new@example.org", "", Subscriber.Origin.WEB, StoredSubscriber.Status.ACTIVE,
              prefs, sinceDue, now, sinceDue, null))));
    }

    try (AppContext app = new AppContext(Map.of(), dir, null, Clock.systemUTC()); Server server = new Server(app)) {
      server.start();

      assertThat(smtp.waitForIncomingEmail(15_000, 2)).isTrue();
      // the slot's rows are queued together: once two arrived, a third would be in the outbox
      long forNew = app.database().jdbi().withHandle(h -> h.createQuery(
          "SELECT COUNT(*) FROM outbox WHERE subscriber_id = 'web-since'").mapTo(Long.class).one());
      assertThat(forNew).isZero();
      assertThat(server.scheduler().describe()).singleElement().asString().startsWith("UTC " + tenMinutesAgo + " daily");
    }
    assertThat(smtp.getReceivedMessages()).extracting(Mails::to)
        .containsExactlyInAnyOrder("ada@example.org", "zoe@example.org");
  }

  private static String topics(String subscribers) {
    return "topics:\n  diffusion: {title: Diffusion models, query: 'diffusion OR denoising'}\nsubscribers:\n  " + subscribers + "\n";
  }
}
