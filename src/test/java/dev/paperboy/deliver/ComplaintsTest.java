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
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Spam complaints on H2 and PostgreSQL: the message they name, the subscriber they stop, the log kept. */
class ComplaintsTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T06:00:00Z"));

  @OnBothDatabases
  void aComplaintAboutAMessageOfOursUnsubscribesItsSubscriberAndCancelsOnlyTheirQueuedMail(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = new Outbox(db, clock, "paperboy.example.org");
      Instant joined = clock.instant().minus(Duration.ofDays(100));
      db.jdbi().useHandle(h -> new SubscriberStore(h).insert(List.of(active("s1", joined), active("s2", joined))));
      outbox.enqueue(Fixtures.digest("s1", LocalDate.of(2026, 3, 14), "p1"));
      outbox.enqueue(Fixtures.digest("s1", LocalDate.of(2026, 3, 15), "p2"));
      outbox.enqueue(Fixtures.digest("s2", LocalDate.of(2026, 3, 15), "p2"));
      OutboxRow first = outbox.rowsFor("s1").get(0);

      assertThat(outbox.findByMessageId(" " + first.messageId() + " ")).map(OutboxRow::id).contains(first.id());
      String id = first.messageId();
      assertThat(outbox.findByMessageId(id.replace("@paperboy.example.org", "@elsewhere.example.org")))
          .as("our public id on another domain").isEmpty();
      assertThat(outbox.findByMessageId(id.replace(first.publicId(), "aaaaaaaaaaaaaaaaaaaaaa"))).isEmpty();
      assertThat(outbox.findByMessageId("<not-ours@example.org>")).isEmpty();

      Complaints complaints = new Complaints(outbox, clock);
      assertThat(complaints.record("s1", "s1@example.org", first.id(), "Abuse")).isTrue();
      clock.advance(Duration.ofDays(2));
      assertThat(complaints.record("s1", "s1@example.org", first.id(), "abuse")).as("the same report again").isFalse();
      assertThat(complaints.record("s1", "s1@example.org", null, "abuse")).as("already unsubscribed").isFalse();

      assertThat(db.jdbi().withHandle(h -> new SubscriberStore(h).byId("s1")).orElseThrow().status())
          .isEqualTo(Status.UNSUBSCRIBED);
      assertThat(outbox.rowsFor("s1")).extracting(OutboxRow::status)
          .containsExactly(OutboxRow.Status.CANCELLED, OutboxRow.Status.CANCELLED);
      assertThat(outbox.rowsFor("s2")).extracting(OutboxRow::status).containsExactly(OutboxRow.Status.QUEUED);
      assertThat(complaints.count(clock.instant().minus(Duration.ofDays(30)))).isEqualTo(2);
      assertThat(complaints.count(clock.instant().minus(Duration.ofDays(1)))).isEqualTo(1);
      assertThat(complaints.latestBySubscriber()).as("what `subscribers` marks").containsExactly(
          org.assertj.core.api.Assertions.entry("s1", clock.instant()));

      Instant before = clock.instant().minus(Duration.ofDays(1));
      assertThat(complaints.prune(before, true)).as("a dry run counts the older one").isEqualTo(1);
      assertThat(complaints.count(clock.instant().minus(Duration.ofDays(30)))).isEqualTo(2);
      assertThat(complaints.prune(before, false)).isEqualTo(1);
      assertThat(complaints.count(clock.instant().minus(Duration.ofDays(30)))).isEqualTo(1);
    }
  }

  @OnBothDatabases
  void copiesOfOneReportRecordedAtTheSameInstantCountOnce(Database.Dialect dialect) throws Exception {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = new Outbox(db, clock, "paperboy.example.org");
      Instant joined = clock.instant().minus(Duration.ofDays(100));
      int rounds = 12;
      List<StoredSubscriber> subscribers = new ArrayList<>();
      for (int i = 0; i < rounds; i++) subscribers.add(active("s" + i, joined));
      db.jdbi().useHandle(h -> new SubscriberStore(h).insert(subscribers));
      for (int i = 0; i < rounds; i++) outbox.enqueue(Fixtures.digest("s" + i, LocalDate.of(2026, 3, 14), "p1"));
      Complaints complaints = new Complaints(outbox, clock);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        for (int i = 0; i < rounds; i++) {
          String id = "s" + i;
          long row = outbox.rowsFor(id).get(0).id();
          CyclicBarrier together = new CyclicBarrier(2);
          Callable<Boolean> report = () -> {
            together.await();
            return complaints.record(id, id + "@example.org", row, "abuse");
          };
          List<Future<Boolean>> both = pool.invokeAll(List.of(report, report));
          assertThat(List.of(both.get(0).get(), both.get(1).get())).as("round %d", i).containsExactlyInAnyOrder(true, false);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(complaints.count(clock.instant().minus(Duration.ofDays(1)))).as("one complaint per message").isEqualTo(rounds);
    }
  }

  private static StoredSubscriber active(String id, Instant joined) {
    return new StoredSubscriber(id, id + "@example.org", "", Subscriber.Origin.FILE, Status.ACTIVE, null, joined, joined,
        joined, null);
  }
}
