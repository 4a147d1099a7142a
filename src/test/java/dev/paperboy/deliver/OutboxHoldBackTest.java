package dev.paperboy.deliver;

import static dev.paperboy.deliver.Fixtures.MAR14;
import static dev.paperboy.deliver.Fixtures.digest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.deliver.OutboxRow.Status;
import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.SubscriberStore;
import dev.paperboy.storage.Database;
import dev.paperboy.testing.MutableClock;
import dev.paperboy.testing.OnBothDatabases;
import dev.paperboy.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Nothing the outbox queues, or queues again, goes to a subscriber who unsubscribed, paused or has not confirmed. */
class OutboxHoldBackTest {
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final DigestBody CONFIRM = new DigestBody("Confirm", "<p>confirm</p>", "confirm\n");
  private static final Map<String, String> CONFIRM_VALUES = Map.of(OutboxRow.NAME, "Ada",
      DigestPersonaliser.CONFIRM_URL, "https://p.example/confirm/t");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T06:00:05Z"));

  @OnBothDatabases
  void aFailedRowIsQueuedAgainOnlyWhileItsSubscriberMayGetItTheOthersAreCancelled(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = new Outbox(db, clock, "paperboy.example.org");
      subscribers(db, Map.of("act", StoredSubscriber.Status.ACTIVE, "gone", StoredSubscriber.Status.UNSUBSCRIBED,
          "held", StoredSubscriber.Status.PAUSED, "again", StoredSubscriber.Status.PENDING,
          "signing", StoredSubscriber.Status.PENDING, "joined", StoredSubscriber.Status.ACTIVE));
      // digests of the active, the unsubscribed, the paused and one who left and is signing up again;
      // confirmation mails of one still to confirm and one who has confirmed since (another mail did it)
      outbox.enqueueAll(List.of(digest("act", MAR14), digest("gone", MAR14), digest("held", MAR14),
          digest("again", MAR14), digest("unstored", MAR14)));
      outbox.enqueueConfirm("signing", "signing@example.org", CONFIRM, CONFIRM_VALUES);
      outbox.enqueueConfirm("joined", "joined@example.org", CONFIRM, CONFIRM_VALUES);
      for (OutboxRow r : outbox.claim("a#0", 10, LEASE, clock.instant())) outbox.fail(r, "550 no such user");
      clock.advanceHours(1);

      Outbox.Requeued r = outbox.requeueFailed(Instant.EPOCH);

      assertThat(r).isEqualTo(new Outbox.Requeued(3,
          Map.of("active", 1, "paused", 1, "pending", 1, "unsubscribed", 1)));
      assertThat(r.cancelledTotal()).isEqualTo(4);
      assertThat(status(outbox, "act")).isEqualTo(Status.QUEUED);
      assertThat(status(outbox, "signing")).isEqualTo(Status.QUEUED);
      // (a row of no stored subscriber is not held back: every row composed in earnest has one)
      assertThat(status(outbox, "unstored")).isEqualTo(Status.QUEUED);
      for (String id : List.of("gone", "held", "again", "joined")) {
        assertThat(outbox.rowsFor(id)).as(id).singleElement().satisfies(row -> {
          assertThat(row.status()).isEqualTo(Status.CANCELLED);
          assertThat(row.lastError()).isEqualTo("550 no such user");
        });
      }
      assertThat(outbox.claim("b#0", 10, LEASE, clock.instant())).extracting(OutboxRow::subscriberId)
          .containsExactlyInAnyOrder("act", "signing", "unstored");
      // a second run finds nothing left to cancel
      assertThat(outbox.requeueFailed(Instant.EPOCH)).isEqualTo(new Outbox.Requeued(0, Map.of()));
    }
  }

  @OnBothDatabases
  void aDigestIsResentOnlyToAnActiveSubscriber(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = new Outbox(db, clock, "paperboy.example.org");
      subscribers(db, Map.of("act", StoredSubscriber.Status.ACTIVE, "gone", StoredSubscriber.Status.ACTIVE,
          "held", StoredSubscriber.Status.ACTIVE));
      outbox.enqueueAll(List.of(digest("act", MAR14), digest("gone", MAR14), digest("held", MAR14)));
      for (OutboxRow r : outbox.claim("a#0", 10, LEASE, clock.instant())) outbox.markSent(r, clock.instant());
      db.jdbi().useHandle(h -> {
        new SubscriberStore(h).unsubscribe("gone", clock.instant());
        new SubscriberStore(h).changeStatus("held", StoredSubscriber.Status.ACTIVE, StoredSubscriber.Status.PAUSED,
            clock.instant());
      });

      assertThat(outbox.resend("act", MAR14)).isPresent();
      assertThat(outbox.resend("gone", MAR14)).isEmpty();
      assertThat(outbox.resend("held", MAR14)).isEmpty();

      assertThat(outbox.rowsFor("gone")).extracting(OutboxRow::status).containsExactly(Status.SENT);
      assertThat(outbox.rowsFor("held")).extracting(OutboxRow::status).containsExactly(Status.SENT);
      assertThat(outbox.claim("b#0", 10, LEASE, clock.instant())).extracting(OutboxRow::subscriberId)
          .containsExactly("act");
    }
  }

  @OnBothDatabases
  void whatWaitsForSubscribersStoppedWithoutTheirCancelIsCancelledClaimedRowsToo(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = new Outbox(db, clock, "paperboy.example.org");
      subscribers(db, Map.of("act", StoredSubscriber.Status.ACTIVE, "gone", StoredSubscriber.Status.ACTIVE,
          "held", StoredSubscriber.Status.ACTIVE, "dead", StoredSubscriber.Status.ACTIVE,
          "signing", StoredSubscriber.Status.PENDING, "joined", StoredSubscriber.Status.PENDING));
      outbox.enqueueAll(List.of(digest("act", MAR14), digest("gone", MAR14), digest("held", MAR14),
          digest("dead", MAR14), digest("unstored", MAR14)));
      outbox.enqueueConfirm("signing", "signing@example.org", CONFIRM, CONFIRM_VALUES);
      outbox.enqueueConfirm("joined", "joined@example.org", CONFIRM, CONFIRM_VALUES);
      Instant claimedAt = clock.instant();
      assertThat(outbox.claim("a#0", 2, LEASE, claimedAt)).extracting(OutboxRow::subscriberId)
          .containsExactly("act", "gone"); // in a sender's hands
      clock.advance(Duration.ofSeconds(1));
      // stopped in the store, and the process died before cancelling their mail
      db.jdbi().useHandle(h -> {
        SubscriberStore store = new SubscriberStore(h);
        store.unsubscribe("gone", clock.instant());
        store.changeStatus("held", StoredSubscriber.Status.ACTIVE, StoredSubscriber.Status.PAUSED, clock.instant());
        store.changeStatus("dead", StoredSubscriber.Status.ACTIVE, StoredSubscriber.Status.BOUNCED, clock.instant());
        store.confirm("joined", clock.instant());
      });

      assertThat(outbox.cancelHeldBack()).isEqualTo(4);

      for (String id : List.of("act", "signing", "unstored")) assertThat(status(outbox, id)).as(id).isIn(Status.QUEUED,
          Status.SENDING);
      for (String id : List.of("gone", "held", "dead", "joined")) assertThat(status(outbox, id)).as(id)
          .isEqualTo(Status.CANCELLED);
      assertThat(outbox.cancelHeldBack()).as("nothing left").isZero();
      // the sender holding "gone"'s row skips it, as after an unsubscribe in this process
      assertThat(outbox.cancelledAfter("gone", claimedAt)).isTrue();
      assertThat(outbox.cancelledAfter("act", claimedAt)).isFalse();
    }
  }

  @OnBothDatabases
  void cancellingTakesClaimedRowsTooSoNoRetryStopOrTakeOverQueuesThemAgain(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = new Outbox(db, clock, "paperboy.example.org");
      outbox.enqueueAll(List.of(digest("s1", MAR14), digest("s1", MAR14.plusDays(1)), digest("s1", MAR14.plusDays(2)),
          digest("s2", MAR14)));
      List<OutboxRow> claimed = outbox.claim("a#0", 10, LEASE, clock.instant());
      OutboxRow failsTemporarily = row(claimed, "s1", 0);
      OutboxRow inHand = row(claimed, "s1", 1);
      OutboxRow waiting = row(claimed, "s1", 2);

      // s1 unsubscribes while a sender holds all three of their rows
      assertThat(outbox.cancelFor("s1")).isEqualTo(3);

      // the sender's next attempt fails with a 4xx: the row is not queued again
      assertThat(outbox.retryLater(failsTemporarily, "451 try later", clock.instant().plusSeconds(60))).isFalse();
      // the message the sender had in hand went out: it is recorded as sent, as it was
      assertThat(outbox.markSent(inHand, clock.instant())).isTrue();
      // the sender stops cleanly: it gives back s2's row only
      assertThat(outbox.release("a#0")).isEqualTo(1);
      // and a sender that died would not have its s1 rows taken over either
      clock.advance(LEASE.plusMinutes(1));
      assertThat(outbox.claim("b#0", 10, LEASE, clock.instant())).extracting(OutboxRow::subscriberId)
          .containsExactly("s2");

      assertThat(outbox.find(failsTemporarily.id()).orElseThrow().status()).isEqualTo(Status.CANCELLED);
      assertThat(outbox.find(inHand.id()).orElseThrow().status()).isEqualTo(Status.SENT);
      assertThat(outbox.find(waiting.id()).orElseThrow().status()).isEqualTo(Status.CANCELLED);
      assertThat(outbox.inFlightByNode()).containsOnlyKeys("b");
    }
  }

  private static OutboxRow row(List<OutboxRow> rows, String subscriberId, int day) {
    return rows.stream().filter(r -> r.subscriberId().equals(subscriberId) && r.digestDate().equals(MAR14.plusDays(day)))
        .findFirst().orElseThrow();
  }

  private static Status status(Outbox outbox, String subscriberId) {
    return outbox.rowsFor(subscriberId).get(0).status();
  }

  private void subscribers(Database db, Map<String, StoredSubscriber.Status> statuses) {
    Instant now = clock.instant();
    db.jdbi().useHandle(h -> new SubscriberStore(h).insert(statuses.entrySet().stream()
        .map(e -> new StoredSubscriber(e.getKey(), e.getKey() + "@example.org", "", Subscriber.Origin.WEB, e.getValue(),
            "{}", now, now, e.getValue() == StoredSubscriber.Status.PENDING ? null : now,
            e.getValue() == StoredSubscriber.Status.UNSUBSCRIBED ? now : null))
        .toList()));
  }
}
