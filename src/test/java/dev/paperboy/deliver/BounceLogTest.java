package dev.paperboy.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.select.StoredSubscriber.Status;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.SubscriberStore;
import dev.paperboy.storage.Database;
import dev.paperboy.testing.MutableClock;
import dev.paperboy.testing.OnBothDatabases;
import dev.paperboy.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The bounce log and the limit it keeps, on H2 and PostgreSQL: who gets stopped, when, and what lifts it. */
class BounceLogTest {
  private static final String REPLY = "550 5.1.1 <x@example.org>: Recipient address rejected";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T06:00:00Z"));
  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private Database db;
  private Outbox outbox;

  @AfterEach
  void tearDown() throws Exception {
    Collections.reverse(cleanup);
    for (AutoCloseable c : cleanup) c.close();
  }

  private BounceLog log(Database.Dialect dialect, int limit) {
    db = TestDatabases.fresh(dialect);
    cleanup.add(db);
    outbox = new Outbox(db, clock, "paperboy.example.org");
    Instant joined = clock.instant().minus(Duration.ofDays(100));
    db.jdbi().useHandle(h -> new SubscriberStore(h).insert(List.of(
        subscriber("s1", Status.ACTIVE, joined), subscriber("s2", Status.ACTIVE, joined),
        subscriber("s3", Status.PAUSED, joined))));
    return new BounceLog(outbox, clock, new BounceLog.Limit(limit, Duration.ofDays(30)));
  }

  private static StoredSubscriber subscriber(String id, Status status, Instant joined) {
    return new StoredSubscriber(id, id + "@example.org", "", Subscriber.Origin.FILE, status, null, joined, joined, joined,
        null);
  }

  private Status status(String id) {
    return db.jdbi().withHandle(h -> new SubscriberStore(h).byId(id)).orElseThrow().status();
  }

  private boolean reactivate(String id) {
    return db.jdbi().withHandle(h -> new SubscriberStore(h).reactivate(id, clock.instant()));
  }

  private BounceLog.Recorded refuse(BounceLog log, String id) {
    return log.record(id, id + "@example.org", null, BounceLog.Source.SMTP, REPLY);
  }

  @OnBothDatabases
  void theRefusalThatReachesTheLimitWithinTheWindowStopsTheAddressAndCancelsItsQueuedMail(Database.Dialect dialect) {
    BounceLog log = log(dialect, 2);
    outbox.enqueue(Fixtures.digest("s1", LocalDate.of(2026, 3, 15), "p1"));
    outbox.enqueue(Fixtures.digest("s2", LocalDate.of(2026, 3, 15), "p1"));

    assertThat(refuse(log, "s1")).isEqualTo(new BounceLog.Recorded(1, false, false));
    assertThat(status("s1")).isEqualTo(Status.ACTIVE);
    clock.advance(Duration.ofDays(1));
    assertThat(refuse(log, "s1")).isEqualTo(new BounceLog.Recorded(2, true, false));

    assertThat(status("s1")).isEqualTo(Status.BOUNCED);
    assertThat(outbox.rowsFor("s1")).extracting(OutboxRow::status).containsExactly(OutboxRow.Status.CANCELLED);
    assertThat(outbox.rowsFor("s2")).extracting(OutboxRow::status).containsExactly(OutboxRow.Status.QUEUED);
    assertThat(status("s2")).isEqualTo(Status.ACTIVE);
    assertThat(log.latest("s1", 5)).extracting(BounceLog.Bounce::reply).containsExactly(REPLY, REPLY);
  }

  @OnBothDatabases
  void refusalsOlderThanTheWindowOrBeforeAReactivationNoLongerCount(Database.Dialect dialect) {
    BounceLog log = log(dialect, 2);
    refuse(log, "s1");
    clock.advance(Duration.ofDays(31));
    assertThat(refuse(log, "s1")).as("the first is out of the window").isEqualTo(new BounceLog.Recorded(1, false, false));
    assertThat(refuse(log, "s1")).isEqualTo(new BounceLog.Recorded(2, true, false));

    clock.advance(Duration.ofMinutes(1));
    assertThat(reactivate("s1")).isTrue();
    assertThat(reactivate("s2")).as("only a bounced subscriber is reactivated").isFalse();
    StoredSubscriber back = db.jdbi().withHandle(h -> new SubscriberStore(h).byId("s1")).orElseThrow();
    assertThat(back.status()).isEqualTo(Status.ACTIVE);
    assertThat(log.counted(back)).isZero();
    clock.advance(Duration.ofMinutes(1));
    assertThat(refuse(log, "s1")).isEqualTo(new BounceLog.Recorded(1, false, false));

    Instant before = clock.instant().minus(Duration.ofDays(30));
    assertThat(log.prune(before, true)).as("a dry run counts the one of 31 days ago").isEqualTo(1);
    assertThat(log.latest("s1", 10)).hasSize(4);
    assertThat(log.prune(before, false)).as("the one of 31 days ago").isEqualTo(1);
    assertThat(log.count(before)).isEqualTo(3);
    assertThat(log.latest("s1", 10)).hasSize(3);
  }

  @OnBothDatabases
  void aMessageCountsOnceHoweverManyReportsOfItComeBack(Database.Dialect dialect) {
    BounceLog log = log(dialect, 2);
    assertThat(log.record("s1", "s1@example.org", 7L, BounceLog.Source.DSN, "5.1.1"))
        .isEqualTo(new BounceLog.Recorded(1, false, false));
    assertThat(log.record("s1", "s1@example.org", 7L, BounceLog.Source.DSN, "5.1.1"))
        .as("the same report piped in twice").isEqualTo(new BounceLog.Recorded(1, false, true));
    assertThat(log.record("s2", "s2@example.org", 7L, BounceLog.Source.DSN, "5.1.1"))
        .as("another subscriber's").isEqualTo(new BounceLog.Recorded(1, false, false));
    assertThat(log.record("s1", "s1@example.org", 8L, BounceLog.Source.DSN, "5.1.1"))
        .as("another message").isEqualTo(new BounceLog.Recorded(2, true, false));
    assertThat(log.latest("s1", 10)).hasSize(2);
  }

  @OnBothDatabases
  void aPausedSubscriberIsNotStoppedAndALimitOfZeroNeverStopsAnyone(Database.Dialect dialect) {
    BounceLog log = log(dialect, 0);
    for (int i = 0; i < 5; i++) refuse(log, "s1");
    assertThat(status("s1")).isEqualTo(Status.ACTIVE);

    BounceLog limited = new BounceLog(outbox, clock, new BounceLog.Limit(1, Duration.ofDays(30)));
    assertThat(refuse(limited, "s3")).isEqualTo(new BounceLog.Recorded(1, false, false));
    assertThat(status("s3")).as("paused gets nothing anyway; on resuming, the next refusal stops them")
        .isEqualTo(Status.PAUSED);
    assertThat(limited.record("gone", "gone@example.org", null, BounceLog.Source.DSN, "5.1.1"))
        .as("no such subscriber: kept in the log, nobody to stop").isEqualTo(new BounceLog.Recorded(0, false, false));
  }
}
