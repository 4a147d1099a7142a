package dev.paperboy.deliver;

import dev.paperboy.testing.ScriptedSmtpServer;

import static dev.paperboy.deliver.Fixtures.MAR14;
import static dev.paperboy.deliver.Fixtures.digest;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.paperboy.deliver.OutboxRow.Status;
import dev.paperboy.render.Field;
import dev.paperboy.storage.Database;
import dev.paperboy.testing.MutableClock;
import dev.paperboy.testing.OnBothDatabases;
import dev.paperboy.testing.TestDatabases;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DispatcherTest {
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final Duration RETRY_MAX = Duration.ofMinutes(10);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T06:00:00Z"));
  private final MessageBuilder builder = new MessageBuilder(Fixtures.mail(), MessageSigner.NONE);
  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @TempDir Path tmp;

  @AfterEach
  void tearDown() throws Exception {
    Collections.reverse(cleanup);
    for (AutoCloseable c : cleanup) c.close();
  }

  private Database db(Database.Dialect dialect) {
    Database db = TestDatabases.fresh(dialect);
    cleanup.add(db);
    return db;
  }

  private Outbox outbox(Database db) {
    return new Outbox(db, clock, "paperboy.example.org");
  }

  private BounceLog bounces(Outbox outbox) {
    return new BounceLog(outbox, clock, new BounceLog.Limit(2, Duration.ofDays(30)));
  }

  private static Dispatcher.Settings settings(int senders, int maxAttempts, int recordBatch) {
    return settings(senders, 10, maxAttempts, recordBatch);
  }

  private static Dispatcher.Settings settings(int senders, int batchSize, int maxAttempts, int recordBatch) {
    return new Dispatcher.Settings(senders, batchSize, LEASE, maxAttempts, Duration.ofMinutes(1), RETRY_MAX,
        Duration.ofHours(20), Duration.ofMillis(50), recordBatch);
  }

  /** A dispatcher that records each sent message before sending the next. */
  private Dispatcher dispatcher(Outbox outbox, MailTransports transports, int senders, int maxAttempts, String node) {
    return dispatcher(outbox, transports, senders, maxAttempts, node, 1);
  }

  private Dispatcher dispatcher(Outbox outbox, MailTransports transports, int senders, int maxAttempts, String node,
      int recordBatch) {
    return new Dispatcher(outbox, transports, builder, Fixtures.PERSONALISER, RateLimiter.unlimited(),
        settings(senders, maxAttempts, recordBatch), bounces(outbox), clock, node);
  }

  private static SmtpTransports smtp(int port) {
    return new SmtpTransports(SmtpTransportsTest.smtp(port), "paperboy.example.org");
  }

  private GreenMail greenMail(int port) {
    GreenMail gm = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
        .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    gm.start();
    cleanup.add(gm::stop);
    return gm;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static List<Composed> digests(int n) {
    List<Composed> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(digest("s" + i, "reader" + i + "@example.org", "Reader " + i, MAR14, "p" + i, "q"));
    return out;
  }

  private static String messageId(MimeMessage m) {
    try {
      return m.getHeader("Message-ID", null);
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Long> counts(Outbox outbox) {
    return outbox.statusCounts(null, null).stream()
        .collect(Collectors.toMap(Outbox.StatusCount::status, Outbox.StatusCount::count, Long::sum));
  }

  @Test
  void bodiesAreSentFromTheirWireFormAndOneStoredBeforeThatFromItsText() throws Exception {
    Database db = db(Database.Dialect.H2);
    Outbox outbox = outbox(db);
    GreenMail gm = greenMail(0);
    String shared = "Diffusion models, state space models & =equations= ".repeat(12);
    List<Composed> digests = new ArrayList<>();
    for (String name : List.of("Ada", "José")) {
      DigestBody body = new DigestBody("Papers for " + name.length(), "<p>Hello " + Field.NAME.marker() + "</p><p>"
          + shared + "</p>", "Hello " + Field.NAME.marker() + "\n" + shared + "\n");
      digests.add(new Composed(name, name + "@example.org", MAR14, Fixtures.WINDOW_END, body,
          Map.of(OutboxRow.NAME, name, OutboxRow.UNSUBSCRIBE_URL, "https://paperboy.example.org/u/" + name), List.of("p")));
    }
    outbox.enqueueAll(digests);
    long joseBody = outbox.rowsFor("José").get(0).bodyId();
    assertThat(outbox.wireBodies(List.of(outbox.rowsFor("Ada").get(0).bodyId(), joseBody))).hasSize(2);
    // as if José's body had been stored before bodies had a wire form
    db.jdbi().useHandle(h -> h.execute("DELETE FROM digest_body_wire WHERE body_id = ?", joseBody));
    BodyPersonaliser personaliser = new DigestPersonaliser(new dev.paperboy.render.Links("https://paperboy.example.org/",
        dev.paperboy.token.Tokens.of("v1:dispatcher-test-secret-0123456789", "web.secrets")));

    Dispatcher.Summary summary = new Dispatcher(outbox, smtp(gm.getSmtp().getPort()), builder, personaliser,
        RateLimiter.unlimited(), settings(1, 8, 1), bounces(outbox), clock, "node-a").drain(Dispatcher.Progress.NONE);

    assertThat(summary.sent()).isEqualTo(2);
    Map<String, MimeMessage> byName = Stream.of(gm.getReceivedMessages()).collect(Collectors.toMap(m -> {
      try {
        return ((InternetAddress) m.getRecipients(MimeMessage.RecipientType.TO)[0]).getPersonal();
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }, m -> m));
    for (String name : List.of("Ada", "José")) {
      MimeMultipart alt = (MimeMultipart) byName.get(name).getContent();
      assertThat(((String) alt.getBodyPart(0).getContent()).replace("\r\n", "\n")).isEqualTo("Hello " + name + "\n" + shared + "\n");
      assertThat((String) alt.getBodyPart(1).getContent()).isEqualTo("<p>Hello " + name + "</p><p>" + shared + "</p>");
    }
  }

  @Test
  void everyDigestArrivesExactlyOnceWithItsHeaders() throws Exception {
    Outbox outbox = outbox(db(Database.Dialect.H2));
    GreenMail gm = greenMail(0);
    outbox.enqueueAll(digests(40));
    List<long[]> progress = Collections.synchronizedList(new ArrayList<>());

    Dispatcher.Summary summary = dispatcher(outbox, smtp(gm.getSmtp().getPort()), 4, 8, "node-a", 5)
        .drain((done, total) -> progress.add(new long[] {done, total}));

    assertThat(summary).isEqualTo(new Dispatcher.Summary(40, 0, 0, 0));
    assertThat(progress).hasSize(40).allSatisfy(p -> assertThat(p[1]).isEqualTo(40));
    assertThat(progress.stream().mapToLong(p -> p[0]).max().orElseThrow()).isEqualTo(40);
    MimeMessage[] received = gm.getReceivedMessages();
    assertThat(received).hasSize(40);
    Set<String> ids = Stream.of(received).map(DispatcherTest::messageId).collect(Collectors.toSet());
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 40; i++) expected.add(outbox.rowsFor("s" + i).get(0).messageId());
    assertThat(ids).isEqualTo(expected);
    for (MimeMessage m : received) {
      InternetAddress to = (InternetAddress) m.getRecipients(MimeMessage.RecipientType.TO)[0];
      String n = to.getAddress().replaceAll("\\D", "");
      assertThat(to.getPersonal()).isEqualTo("Reader " + n);
      assertThat(m.getSubject()).isEqualTo("Trending papers for Reader " + n);
      assertThat(m.getSentDate().toInstant()).isEqualTo(clock.instant());
      assertThat(m.getHeader("List-Unsubscribe", null)).contains("https://paperboy.example.org/unsubscribe?token=s" + n);
      MimeMultipart alt = (MimeMultipart) m.getContent();
      assertThat((String) alt.getBodyPart(0).getContent()).startsWith("Hello Reader " + n);
    }
    assertThat(counts(outbox)).isEqualTo(Map.of("sent", 40L));
    assertThat(outbox.history(List.of("s7")).get("s7").paperIds()).containsExactlyInAnyOrder("p7", "q");

    // the same cycle again, later that day: nothing new is queued and nothing is sent twice
    clock.advanceHours(2);
    assertThat(outbox.enqueueAll(digests(40))).isZero();
    assertThat(dispatcher(outbox, smtp(gm.getSmtp().getPort()), 4, 8, "node-a").drain(Dispatcher.Progress.NONE))
        .isEqualTo(new Dispatcher.Summary(0, 0, 0, 0));
    assertThat(gm.getReceivedMessages()).hasSize(40);
  }

  @Test
  void temporaryRefusalsAreRetriedWithBackoffThenDelivered() throws Exception {
    Outbox outbox = outbox(db(Database.Dialect.H2));
    ScriptedSmtpServer server = new ScriptedSmtpServer()
        .onRcpt((rcpt, attempt) -> attempt <= 2 ? "451 4.7.1 Greylisted, try again later" : null);
    cleanup.add(server);
    outbox.enqueueAll(digests(6));
    Dispatcher d = dispatcher(outbox, smtp(server.port()), 2, 8, "node-a");

    assertThat(d.drain(Dispatcher.Progress.NONE)).isEqualTo(new Dispatcher.Summary(0, 0, 6, 0));
    OutboxRow waiting = outbox.rowsFor("s0").get(0);
    assertThat(waiting.status()).isEqualTo(Status.QUEUED);
    assertThat(waiting.lastError()).isEqualTo("451 4.7.1 Greylisted, try again later");
    assertThat(waiting.nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
    assertThat(counts(outbox)).isEqualTo(Map.of("retrying", 6L));
    // not due yet
    assertThat(d.drain(Dispatcher.Progress.NONE)).isEqualTo(new Dispatcher.Summary(0, 0, 0, 0));

    clock.advance(Duration.ofMinutes(1));
    assertThat(d.drain(Dispatcher.Progress.NONE)).isEqualTo(new Dispatcher.Summary(0, 0, 6, 0));
    OutboxRow second = outbox.rowsFor("s0").get(0);
    assertThat(second.nextAttemptAt()).isBetween(clock.instant().plus(Duration.ofMinutes(1)),
        clock.instant().plus(Duration.ofMinutes(2)));
    clock.advance(Duration.ofMinutes(2));
    assertThat(d.drain(Dispatcher.Progress.NONE)).isEqualTo(new Dispatcher.Summary(6, 0, 0, 0));

    assertThat(server.received()).hasSize(6);
    assertThat(outbox.rowsFor("s0").get(0).attempts()).isEqualTo(3);
    assertThat(counts(outbox)).isEqualTo(Map.of("sent", 6L));
    assertThat(d.counters().retried()).isEqualTo(12);
  }

  @Test
  void temporaryFailuresGiveUpAfterMaxAttempts() throws Exception {
    Outbox outbox = outbox(db(Database.Dialect.H2));
    ScriptedSmtpServer server = new ScriptedSmtpServer().onRcpt((rcpt, attempt) -> "452 4.2.2 Mailbox full");
    cleanup.add(server);
    outbox.enqueue(digest("s1", MAR14, "p1"));
    Dispatcher d = dispatcher(outbox, smtp(server.port()), 1, 3, "node-a");

    d.drain(Dispatcher.Progress.NONE);
    clock.advance(RETRY_MAX);
    d.drain(Dispatcher.Progress.NONE);
    clock.advance(RETRY_MAX);
    Dispatcher.Summary last = d.drain(Dispatcher.Progress.NONE);

    assertThat(last).isEqualTo(new Dispatcher.Summary(0, 1, 0, 0));
    OutboxRow row = outbox.rowsFor("s1").get(0);
    assertThat(row.status()).isEqualTo(Status.FAILED);
    assertThat(row.attempts()).isEqualTo(3);
    assertThat(row.lastError()).isEqualTo("452 4.2.2 Mailbox full (gave up after 3 attempts)");
  }

  @Test
  void permanentRefusalsFailWithTheReplyAndAreDeliveredWhenRequeuedAfterAFix() throws Exception {
    Outbox outbox = outbox(db(Database.Dialect.H2));
    AtomicBoolean fixed = new AtomicBoolean();
    ScriptedSmtpServer server = new ScriptedSmtpServer().onRcpt((rcpt, attempt) ->
        !fixed.get() && rcpt.matches("reader[0-2]@example.org")
            ? "550 5.1.1 <" + rcpt + ">: Recipient address rejected" : null);
    cleanup.add(server);
    outbox.enqueueAll(digests(5));
    Dispatcher d = dispatcher(outbox, smtp(server.port()), 2, 8, "node-a");

    assertThat(d.drain(Dispatcher.Progress.NONE)).isEqualTo(new Dispatcher.Summary(2, 3, 0, 0));
    assertThat(outbox.failures(null, null, 10)).extracting(Outbox.FailedRow::lastError).containsExactlyInAnyOrder(
        "550 5.1.1 <reader0@example.org>: Recipient address rejected",
        "550 5.1.1 <reader1@example.org>: Recipient address rejected",
        "550 5.1.1 <reader2@example.org>: Recipient address rejected");
    // failed papers do not count as sent: selection may pick them again
    assertThat(outbox.history(List.of("s0")).get("s0").paperIds()).isEmpty();

    fixed.set(true);
    clock.advanceHours(1);
    assertThat(outbox.requeueFailed(clock.instant().minus(Duration.ofHours(2))).queued()).isEqualTo(3);
    assertThat(d.drain(Dispatcher.Progress.NONE)).isEqualTo(new Dispatcher.Summary(3, 0, 0, 0));

    assertThat(server.received()).hasSize(5);
    assertThat(server.received().stream().map(r -> r.rcptTo().get(0)).distinct()).hasSize(5);
    assertThat(counts(outbox)).isEqualTo(Map.of("sent", 5L));
  }

  @Test
  void greenMailStoppedMidRunAndRestartedLosesNothing() throws Exception {
    Outbox outbox = outbox(db(Database.Dialect.H2));
    int port = freePort();
    GreenMail first = greenMail(port);
    int n = 30;
    outbox.enqueueAll(digests(n));
    List<String> receivedBefore = new ArrayList<>();
    Dispatcher d = dispatcher(outbox, smtp(port), 1, 8, "node-a");

    Dispatcher.Summary s1 = d.drain((done, total) -> {
      if (done == 10) {
        // one sender: nothing is in flight now; GreenMail forgets its messages when stopped
        for (MimeMessage m : first.getReceivedMessages()) receivedBefore.add(messageId(m));
        first.stop();
      }
    });

    assertThat(s1).isEqualTo(new Dispatcher.Summary(10, 0, 20, 0));
    assertThat(counts(outbox)).isEqualTo(Map.of("sent", 10L, "retrying", 20L));
    GreenMail second = greenMail(port);
    clock.advance(Duration.ofMinutes(1)); // the first retry comes exactly retry_initial later
    assertThat(d.drain(Dispatcher.Progress.NONE)).isEqualTo(new Dispatcher.Summary(20, 0, 0, 0));

    List<String> all = new ArrayList<>(receivedBefore);
    for (MimeMessage m : second.getReceivedMessages()) all.add(messageId(m));
    assertThat(all).hasSize(n).doesNotHaveDuplicates();
    assertThat(counts(outbox)).isEqualTo(Map.of("sent", (long) n));
  }

  @Test
  void aServerStoppedUnderSeveralSendersAndRestartedDuplicatesAtMostTheInFlight() throws Exception {
    Outbox outbox = outbox(db(Database.Dialect.H2));
    ScriptedSmtpServer first = new ScriptedSmtpServer();
    cleanup.add(first);
    int port = first.port();
    int n = 60;
    int senders = 3;
    outbox.enqueueAll(digests(n));
    AtomicBoolean stopped = new AtomicBoolean();
    Dispatcher d = dispatcher(outbox, smtp(port), senders, 8, "node-a");

    Dispatcher.Summary s1 = d.drain((done, total) -> {
      if (done == 20 && stopped.compareAndSet(false, true)) {
        try {
          first.close(); // cuts the other senders' connections, maybe mid-message
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    });

    assertThat(s1.sent()).isGreaterThanOrEqualTo(20); // the other senders go on while the server closes
    assertThat(s1).isEqualTo(new Dispatcher.Summary(s1.sent(), 0, n - s1.sent(), 0));
    ScriptedSmtpServer second = new ScriptedSmtpServer(port);
    cleanup.add(second);
    clock.advance(Duration.ofMinutes(1));
    Dispatcher.Summary s2 = d.drain(Dispatcher.Progress.NONE);

    assertThat(s2).isEqualTo(new Dispatcher.Summary(n - s1.sent(), 0, 0, 0));
    assertThat(counts(outbox)).isEqualTo(Map.of("sent", (long) n));
    List<String> all = new ArrayList<>();
    for (ScriptedSmtpServer.Received r : first.received()) all.add(r.rcptTo().get(0));
    for (ScriptedSmtpServer.Received r : second.received()) all.add(r.rcptTo().get(0));
    assertThat(new HashSet<>(all)).hasSize(n);
    // a message the first server took just as it went away may arrive twice, nothing else
    assertThat(all.size()).isBetween(n, n + senders - 1);
  }

  @OnBothDatabases
  void aCrashedSendersRowsAreTakenOverOnceItsLeaseRunsOut(Database.Dialect dialect) throws Exception {
    // each message recorded before the next: only the one in flight could go twice, and it did not
    assertThat(crashAndTakeOver(dialect, 1)).isEqualTo(12);
  }

  @Test
  void withGroupedRecordingACrashResendsAtMostTheUnrecordedMessages() throws Exception {
    // the three messages sent before the hang are recorded 100 ms after the first at the latest (or when
    // ten are sent): if the hang came sooner, the live node sends them again, and nothing else
    assertThat(crashAndTakeOver(Database.Dialect.H2, 10)).isBetween(12, 15);
  }

  /** @return how many messages the server received in all */
  private int crashAndTakeOver(Database.Dialect dialect, int recordBatch) throws Exception {
    Outbox outbox = outbox(db(dialect));
    GreenMail gm = greenMail(0);
    int port = gm.getSmtp().getPort();
    outbox.enqueueAll(digests(12));
    CountDownLatch hung = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger sends = new AtomicInteger();
    // a sender that delivers three messages, then hangs for good in the middle of the fourth
    MailTransports dying = () -> {
      MailTransport real = smtp(port).open();
      return new MailTransport() {
        @Override
        public void send(MimeMessage m, String from, List<String> to) throws SendFailure {
          if (sends.incrementAndGet() == 4) {
            hung.countDown();
            try {
              never.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw SendFailure.temporary("the process died", null);
          }
          real.send(m, from, to);
        }

        @Override
        public void close() {
          real.close();
        }
      };
    };
    Dispatcher dead = dispatcher(outbox, dying, 1, 8, "dead-node", recordBatch);
    cleanup.add(() -> {
      never.countDown();
      dead.stop();
    });
    dead.start();
    assertThat(hung.await(20, TimeUnit.SECONDS)).isTrue();
    Dispatcher live = dispatcher(outbox, smtp(port), 2, 8, "live-node");

    // while the dead node's lease lasts its ten claimed rows are left alone; the other two go
    assertThat(live.drain(Dispatcher.Progress.NONE)).isEqualTo(new Dispatcher.Summary(2, 0, 0, 0));
    clock.advance(LEASE.plusSeconds(1));
    Dispatcher.Summary taken = live.drain(Dispatcher.Progress.NONE);

    int received = gm.getReceivedMessages().length;
    assertThat(taken).isEqualTo(new Dispatcher.Summary(7 + received - 12, 0, 0, 0));
    assertThat(Stream.of(gm.getReceivedMessages()).map(DispatcherTest::messageId).distinct()).hasSize(12);
    assertThat(counts(outbox)).isEqualTo(Map.of("sent", 12L));

    // the hung sender comes back to life: it cannot undo what the live node did, and sends nothing more
    never.countDown();
    dead.stop();
    assertThat(counts(outbox)).isEqualTo(Map.of("sent", 12L));
    assertThat(gm.getReceivedMessages()).hasSize(received);
    return received;
  }

  @Test
  void digestsQueuedLongerAgoThanMaxAgeExpire() throws Exception {
    Outbox outbox = outbox(db(Database.Dialect.H2));
    RecordingTransport out = new RecordingTransport();
    outbox.enqueue(digest("s1", MAR14, "p1"));
    clock.advanceHours(19);
    outbox.enqueue(digest("s2", MAR14, "p1"));
    clock.advanceHours(2);

    Dispatcher.Summary s = dispatcher(outbox, out, 1, 8, "node-a").drain(Dispatcher.Progress.NONE);

    assertThat(s).isEqualTo(new Dispatcher.Summary(1, 0, 0, 1));
    assertThat(out.recipients()).containsExactly("s2@example.org");
    OutboxRow stale = outbox.rowsFor("s1").get(0);
    assertThat(stale.status()).isEqualTo(Status.EXPIRED);
    assertThat(stale.lastError()).contains("max_age");
  }

  @Test
  void aResendCarriesTheOriginalMessageId() throws Exception {
    Outbox outbox = outbox(db(Database.Dialect.H2));
    RecordingTransport out = new RecordingTransport();
    outbox.enqueue(digest("s1", MAR14, "p1"));
    Dispatcher d = dispatcher(outbox, out, 1, 8, "node-a");
    d.drain(Dispatcher.Progress.NONE);
    clock.advanceHours(3);

    outbox.resend("s1", MAR14).orElseThrow();
    assertThat(d.drain(Dispatcher.Progress.NONE)).isEqualTo(new Dispatcher.Summary(1, 0, 0, 0));

    assertThat(out.messages()).hasSize(2);
    assertThat(messageId(out.messages().get(1))).isEqualTo(messageId(out.messages().get(0)));
    assertThat(out.messages().get(1).getSentDate().toInstant()).isEqualTo(clock.instant());
  }

  @Test
  void aBrokenRowFailsWithoutStoppingTheOthers() throws Exception {
    Outbox outbox = outbox(db(Database.Dialect.H2));
    RecordingTransport out = new RecordingTransport();
    outbox.enqueueAll(List.of(digest("s1", "not an address", "X", MAR14, "p1"), digest("s2", MAR14, "p1")));

    Dispatcher.Summary s = dispatcher(outbox, out, 1, 8, "node-a").drain(Dispatcher.Progress.NONE);

    assertThat(s).isEqualTo(new Dispatcher.Summary(1, 1, 0, 0));
    assertThat(outbox.rowsFor("s1").get(0).lastError()).startsWith("cannot build the message");
  }

  @Test
  void stopFinishesTheMessageInFlightAndGivesTheRestBack() throws Exception {
    Outbox outbox = outbox(db(Database.Dialect.H2));
    HoldingTransport out = new HoldingTransport(1);
    outbox.enqueueAll(digests(5));
    Dispatcher d = dispatcher(outbox, out, 1, 8, "node-a");
    d.start();
    assertThat(out.held().await(20, TimeUnit.SECONDS)).isTrue();

    stopWhileHeld(d, out);

    assertThat(out.recipients()).hasSize(1);
    assertThat(counts(outbox)).isEqualTo(Map.of("sent", 1L, "queued", 4L));
    assertThat(outbox.rowsFor("s1").get(0).attempts()).isZero();
    assertThat(d.counters().released()).isEqualTo(4);
    assertThat(out.closed()).isTrue();
  }

  @Test
  void aSubscriberWhoLeavesWhileTheirDigestIsInTheBatchBeingSentGetsNothing() throws Exception {
    Outbox outbox = outbox(db(Database.Dialect.H2));
    HoldingTransport out = new HoldingTransport(1);
    outbox.enqueueAll(digests(5));
    Dispatcher d = dispatcher(outbox, out, 1, 8, "node-a");
    d.start();
    try {
      assertThat(out.held().await(20, TimeUnit.SECONDS)).isTrue(); // all five claimed, the first on its way
      clock.advance(Duration.ofSeconds(1));
      outbox.cancelFor("s3"); // as the web's unsubscribe does, in the same process
      out.release();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (counts(outbox).getOrDefault("sent", 0L) < 4 && System.nanoTime() < deadline) Thread.sleep(20);
    } finally {
      d.stop();
    }

    assertThat(out.recipients()).containsExactlyInAnyOrder("reader0@example.org", "reader1@example.org",
        "reader2@example.org", "reader4@example.org");
    assertThat(counts(outbox)).isEqualTo(Map.of("sent", 4L, "cancelled", 1L));
  }

  @Test
  void bigBatchesAreClaimedAheadAndEveryDigestStillGoesOutOnce() {
    Outbox outbox = outbox(db(Database.Dialect.H2));
    RecordingTransport out = new RecordingTransport();
    outbox.enqueueAll(digests(130));

    Dispatcher d = new Dispatcher(outbox, out, builder, Fixtures.PERSONALISER, RateLimiter.unlimited(),
        settings(2, 25, 8, 10), bounces(outbox), clock, "node-a");
    Dispatcher.Summary s = d.drain(Dispatcher.Progress.NONE);

    assertThat(s).isEqualTo(new Dispatcher.Summary(130, 0, 0, 0));
    assertThat(out.recipients()).hasSize(130).doesNotHaveDuplicates();
    assertThat(counts(outbox)).isEqualTo(Map.of("sent", 130L));
    assertThat(d.counters().claimed()).isEqualTo(130);
  }

  @Test
  void aStopGivesBackTheBatchClaimedAheadWithTheRest() throws Exception {
    Outbox outbox = outbox(db(Database.Dialect.H2));
    HoldingTransport out = new HoldingTransport(15); // five rows before the end of the first batch of 20
    outbox.enqueueAll(digests(50));
    Dispatcher d = new Dispatcher(outbox, out, builder, Fixtures.PERSONALISER, RateLimiter.unlimited(),
        settings(1, 20, 8, 10), bounces(outbox), clock, "node-a");
    d.start();
    assertThat(out.held().await(20, TimeUnit.SECONDS)).isTrue();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (d.counters().claimed() < 40 && System.nanoTime() < deadline) Thread.sleep(20);
    assertThat(d.counters().claimed()).isEqualTo(40); // the next batch, claimed while the first one's last rows go out

    stopWhileHeld(d, out);

    // 15 sent unless the stop was slow to arrive; every claimed row not sent is given back
    long sent = out.recipients().size();
    assertThat(sent).isGreaterThanOrEqualTo(15);
    assertThat(counts(outbox)).isEqualTo(Map.of("sent", sent, "queued", 50 - sent));
    assertThat(d.counters().released()).isEqualTo(d.counters().claimed() - sent);
  }

  @Test
  void theServiceSendsWhatIsQueuedWhileItRuns() throws Exception {
    Outbox outbox = outbox(db(Database.Dialect.H2));
    RecordingTransport out = new RecordingTransport();
    Dispatcher d = dispatcher(outbox, out, 2, 8, "node-a");
    d.start();
    try {
      outbox.enqueueAll(digests(3));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (out.recipients().size() < 3 && System.nanoTime() < deadline) Thread.sleep(20);
    } finally {
      d.stop();
    }
    assertThat(out.recipients()).hasSize(3);
    assertThat(counts(outbox)).isEqualTo(Map.of("sent", 3L));
    assertThat(outbox.nodes()).extracting(Outbox.Node::id).containsExactly("node-a");
  }

  @Test
  void theMaildirTransportReceivesEveryDigest() throws Exception {
    Outbox outbox = outbox(db(Database.Dialect.H2));
    outbox.enqueueAll(digests(8));

    Dispatcher.Summary s = dispatcher(outbox, new MaildirTransport(tmp.resolve("Maildir")), 3, 8, "node-a")
        .drain(Dispatcher.Progress.NONE);

    assertThat(s.sent()).isEqualTo(8);
    try (Stream<Path> files = Files.list(tmp.resolve("Maildir/new"))) {
      assertThat(files).hasSize(8);
    }
  }

  /** Keeps what it is given, in memory. */
  /** Stops the dispatcher while the transport holds a message, then lets that message go. */
  private static void stopWhileHeld(Dispatcher d, HoldingTransport out) throws InterruptedException {
    Thread stopper = new Thread(d::stop);
    stopper.start();
    Thread.sleep(100); // stop() is now waiting for the message in flight
    out.release();
    stopper.join(20_000);
    assertThat(stopper.isAlive()).isFalse();
  }

  /** Holds its n-th message until {@link #release}: a send in flight at a moment the test picks. */
  static class HoldingTransport extends RecordingTransport {
    private final int heldSend;
    private final AtomicInteger sends = new AtomicInteger();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    HoldingTransport(int heldSend) {
      this.heldSend = heldSend;
    }

    /** Counted down when the held message arrives. */
    CountDownLatch held() {
      return held;
    }

    void release() {
      released.countDown();
    }

    @Override
    public void send(MimeMessage m, String from, List<String> to) throws SendFailure {
      if (sends.incrementAndGet() == heldSend) {
        held.countDown();
        try {
          released.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      super.send(m, from, to);
    }
  }

  static class RecordingTransport implements MailTransport, MailTransports {
    private final List<MimeMessage> messages = Collections.synchronizedList(new ArrayList<>());
    private final List<String> recipients = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    @Override
    public MailTransport open() {
      return this;
    }

    @Override
    public void send(MimeMessage m, String from, List<String> to) throws SendFailure {
      messages.add(m);
      recipients.addAll(to);
    }

    @Override
    public void close() {
      closed = true;
    }

    List<MimeMessage> messages() {
      return List.copyOf(messages);
    }

    List<String> recipients() {
      return List.copyOf(recipients);
    }

    boolean closed() {
      return closed;
    }
  }
}
