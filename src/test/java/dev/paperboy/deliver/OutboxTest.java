package dev.paperboy.deliver;

import static dev.paperboy.deliver.Fixtures.MAR14;
import static dev.paperboy.deliver.Fixtures.digest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.deliver.OutboxRow.Kind;
import dev.paperboy.deliver.OutboxRow.Status;
import dev.paperboy.select.Selector;
import dev.paperboy.select.SentPapers;
import dev.paperboy.storage.Database;
import dev.paperboy.testing.MutableClock;
import dev.paperboy.testing.OnBothDatabases;
import dev.paperboy.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

class OutboxTest {
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final LocalDate MAR15 = MAR14.plusDays(1);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T06:00:05Z"));

  private Outbox outbox(Database db) {
    return new Outbox(db, clock, "paperboy.example.org");
  }

  @OnBothDatabases
  void composingTheSameDigestTwiceStoresItOnceAndIdenticalBodiesOnce(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = outbox(db);

      assertThat(outbox.enqueueAll(List.of(digest("s1", MAR14, "p1", "p2"), digest("s2", MAR14, "p1")))).isEqualTo(2);
      // a second composition cycle the same day
      assertThat(outbox.enqueue(digest("s1", MAR14, "p1", "p2", "p3"))).isFalse();
      assertThat(outbox.enqueueAll(List.of(digest("s2", MAR14), digest("s3", MAR14, "p1", "p2")))).isEqualTo(1);

      OutboxRow s1 = outbox.rowsFor("s1").get(0);
      assertThat(outbox.rowsFor("s1")).hasSize(1);
      assertThat(s1.paperIds()).containsExactly("p1", "p2");
      assertThat(s1.status()).isEqualTo(Status.QUEUED);
      assertThat(s1.kind()).isEqualTo(Kind.DIGEST);
      assertThat(s1.recipientName()).isEqualTo("Reader s1");
      assertThat(s1.unsubscribeUrl()).isEqualTo("https://paperboy.example.org/unsubscribe?token=s1");
      assertThat(s1.messageId()).isEqualTo("<20260314." + s1.publicId() + "@paperboy.example.org>");
      assertThat(s1.publicId()).hasSize(22).isNotEqualTo(outbox.rowsFor("s2").get(0).publicId());
      assertThat(s1.createdAt()).isEqualTo(clock.instant());
      assertThat(s1.bodyId()).isEqualTo(outbox.rowsFor("s3").get(0).bodyId());
      assertThat(outbox.body(s1.bodyId())).isEqualTo(Fixtures.BODY);
      // the same rendering with other papers (s2's) is another body: a body's papers are every row's
      assertThat(outbox.rowsFor("s2").get(0).bodyId()).isNotEqualTo(s1.bodyId());
      int bodies = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM digest_body").mapTo(Integer.class).one());
      assertThat(bodies).isEqualTo(2);
      assertThat(outbox.findByPublicId(s1.publicId())).contains(s1);
    }
  }

  @OnBothDatabases
  void anEmptyDigestIsRecordedButNeverClaimed(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = outbox(db);
      assertThat(outbox.enqueue(Composed.empty("s1", "s1@example.org", MAR14, Fixtures.WINDOW_END))).isTrue();

      assertThat(outbox.claim("n#0", 10, LEASE, clock.instant())).isEmpty();
      OutboxRow row = outbox.rowsFor("s1").get(0);
      assertThat(row.status()).isEqualTo(Status.EMPTY);
      assertThat(row.bodyId()).isNull();
      assertThat(row.messageId()).isNull();
      assertThat(outbox.history(List.of("s1")).get("s1").windowEnd()).isEqualTo(Fixtures.WINDOW_END);
    }
  }

  @OnBothDatabases
  void claimLeasesDueRowsOldestFirstAndTakesOverExpiredLeases(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = outbox(db);
      outbox.enqueue(digest("s1", MAR14, "p1"));
      clock.advance(Duration.ofSeconds(1));
      outbox.enqueue(digest("s2", MAR14, "p1"));
      outbox.enqueue(digest("s3", MAR14, "p1"));
      assertThat(outbox.countDue(clock.instant())).isEqualTo(3);

      List<OutboxRow> first = outbox.claim("a#0", 2, LEASE, clock.instant());
      assertThat(outbox.countDue(clock.instant())).isEqualTo(1);
      assertThat(first).extracting(OutboxRow::subscriberId).containsExactly("s1", "s2");
      assertThat(first).allSatisfy(r -> {
        assertThat(r.status()).isEqualTo(Status.SENDING);
        assertThat(r.leaseOwner()).isEqualTo("a#0");
        assertThat(r.leaseUntil()).isEqualTo(clock.instant().plus(LEASE));
      });
      assertThat(outbox.find(first.get(0).id()).orElseThrow().status()).isEqualTo(Status.SENDING);
      assertThat(outbox.claim("b#0", 10, LEASE, clock.instant())).extracting(OutboxRow::subscriberId)
          .containsExactly("s3");
      assertThat(outbox.claim("c#0", 10, LEASE, clock.instant())).isEmpty();
      assertThat(outbox.countDue(clock.instant())).isZero();

      // a#0 died: once its lease has run out its rows go to the next claimer, attempts untouched
      clock.advance(LEASE.plusSeconds(1));
      assertThat(outbox.countDue(clock.instant())).isEqualTo(3);
      List<OutboxRow> taken = outbox.claim("c#0", 10, LEASE, clock.instant());
      assertThat(taken).extracting(OutboxRow::subscriberId).containsExactlyInAnyOrder("s1", "s2", "s3");
      assertThat(taken).allSatisfy(r -> assertThat(r.attempts()).isZero());
      // the dead owner cannot finish a row it lost
      assertThat(outbox.fail(first.get(0), "550 too late")).isFalse();
      assertThat(outbox.find(first.get(0).id()).orElseThrow().leaseOwner()).isEqualTo("c#0");
    }
  }

  @OnBothDatabases
  void aSentRowsPapersCountAsSentAndAFailedOnesDoNot(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = outbox(db);
      outbox.enqueue(digest("s1", MAR14, "p1", "p2"));
      OutboxRow row = outbox.claim("a#0", 10, LEASE, clock.instant()).get(0);

      assertThat(outbox.markSent(row, clock.instant())).isTrue();
      assertThat(outbox.markSent(row, clock.instant())).isFalse();

      OutboxRow sent = outbox.find(row.id()).orElseThrow();
      assertThat(sent.status()).isEqualTo(Status.SENT);
      assertThat(sent.sentAt()).isEqualTo(clock.instant());
      assertThat(sent.attempts()).isEqualTo(1);
      assertThat(sent.leaseOwner()).isNull();

      assertThat(outbox.history(List.of("s1")).get("s1").paperIds()).containsExactlyInAnyOrder("p1", "p2");

      // the next day's digest repeats p2 and is sent; the day after's fails: its paper is free again
      clock.advanceHours(24);
      outbox.enqueue(digest("s1", MAR15, "p2", "p3"));
      OutboxRow next = outbox.claim("a#0", 10, LEASE, clock.instant()).get(0);
      assertThat(outbox.markSent(next, clock.instant())).isTrue();
      clock.advanceHours(24);
      outbox.enqueue(digest("s1", MAR15.plusDays(1), "p4"));
      assertThat(outbox.fail(outbox.claim("a#0", 10, LEASE, clock.instant()).get(0), "550 no such user")).isTrue();
      assertThat(outbox.history(List.of("s1")).get("s1").paperIds()).containsExactlyInAnyOrder("p1", "p2", "p3");
    }
  }

  @OnBothDatabases
  void severalSentRowsAreRecordedInOneGo(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = outbox(db);
      outbox.enqueueAll(List.of(digest("s1", MAR14, "p1", "p2"), digest("s2", MAR14, "p1"), digest("s3", MAR14)));
      List<OutboxRow> rows = outbox.claim("a#0", 10, LEASE, clock.instant());
      outbox.markSent(rows.get(0), clock.instant());

      assertThat(outbox.markSentAll(rows, clock.instant())).isEqualTo(2);
      assertThat(outbox.markSentAll(rows, clock.instant())).isZero();
      assertThat(outbox.markSentAll(List.of(), clock.instant())).isZero();

      assertThat(outbox.statusCounts(MAR14, MAR14)).containsExactly(new Outbox.StatusCount(MAR14, Kind.DIGEST, "sent", 3));
      assertThat(outbox.find(rows.get(0).id()).orElseThrow().attempts()).isEqualTo(1);
      assertThat(outbox.history(List.of("s1", "s2", "s3"))).isEqualTo(Map.of(
          "s1", new Outbox.History(Fixtures.WINDOW_END, Set.of("p1", "p2")),
          "s2", new Outbox.History(Fixtures.WINDOW_END, Set.of("p1")),
          "s3", new Outbox.History(Fixtures.WINDOW_END, Set.of())));
    }
  }

  @OnBothDatabases
  void temporaryFailuresWaitPermanentOnesFailAndStaleRowsExpire(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = outbox(db);
      outbox.enqueueAll(List.of(digest("s1", MAR14), digest("s2", MAR14), digest("s3", MAR14)));
      List<OutboxRow> rows = outbox.claim("a#0", 10, LEASE, clock.instant());

      Instant later = clock.instant().plus(Duration.ofMinutes(1));
      assertThat(outbox.retryLater(rows.get(0), "451 4.7.1 greylisted", later)).isTrue();
      assertThat(outbox.fail(rows.get(1), "550 5.1.1 Recipient address rejected")).isTrue();
      assertThat(outbox.expire(rows.get(2), "older than 20h")).isTrue();

      OutboxRow retry = outbox.find(rows.get(0).id()).orElseThrow();
      assertThat(retry.status()).isEqualTo(Status.QUEUED);
      assertThat(retry.attempts()).isEqualTo(1);
      assertThat(retry.nextAttemptAt()).isEqualTo(later);
      assertThat(retry.lastError()).isEqualTo("451 4.7.1 greylisted");
      assertThat(outbox.claim("a#0", 10, LEASE, clock.instant())).isEmpty();
      clock.advance(Duration.ofMinutes(1));
      assertThat(outbox.claim("a#0", 10, LEASE, clock.instant())).extracting(OutboxRow::id)
          .containsExactly(retry.id());

      OutboxRow failed = outbox.find(rows.get(1).id()).orElseThrow();
      assertThat(failed.status()).isEqualTo(Status.FAILED);
      assertThat(failed.attempts()).isEqualTo(1);
      assertThat(failed.lastError()).isEqualTo("550 5.1.1 Recipient address rejected");
      OutboxRow expired = outbox.find(rows.get(2).id()).orElseThrow();
      assertThat(expired.status()).isEqualTo(Status.EXPIRED);
      assertThat(expired.attempts()).isZero();

      assertThat(outbox.statusCounts(null, null)).containsExactly(
          new Outbox.StatusCount(MAR14, Kind.DIGEST, "expired", 1),
          new Outbox.StatusCount(MAR14, Kind.DIGEST, "failed", 1),
          new Outbox.StatusCount(MAR14, Kind.DIGEST, "sending", 1));
      assertThat(outbox.failures(MAR14, MAR14, 10)).singleElement().satisfies(f -> {
        assertThat(f.subscriberId()).isEqualTo("s2");
        assertThat(f.lastError()).isEqualTo("550 5.1.1 Recipient address rejected");
        assertThat(f.failedAt()).isEqualTo(Instant.parse("2026-03-14T06:00:05Z"));
      });
    }
  }

  @OnBothDatabases
  void releaseGivesClaimedRowsBackWithoutCountingAnAttempt(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = outbox(db);
      outbox.enqueueAll(List.of(digest("s1", MAR14), digest("s2", MAR14)));
      outbox.claim("a#0", 1, LEASE, clock.instant());
      outbox.claim("a#1", 1, LEASE, clock.instant());

      assertThat(outbox.release("a#0")).isEqualTo(1);

      assertThat(outbox.rowsFor("s1").get(0)).satisfies(r -> {
        assertThat(r.status()).isEqualTo(Status.QUEUED);
        assertThat(r.attempts()).isZero();
        assertThat(r.leaseOwner()).isNull();
      });
      assertThat(outbox.rowsFor("s2").get(0).status()).isEqualTo(Status.SENDING);
      assertThat(outbox.statusCounts(MAR14, MAR14)).containsExactly(
          new Outbox.StatusCount(MAR14, Kind.DIGEST, "queued", 1), new Outbox.StatusCount(MAR14, Kind.DIGEST, "sending", 1));
    }
  }

  @OnBothDatabases
  void renewingLeasesKeepsOnlyTheRowsStillHeld(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = outbox(db);
      outbox.enqueueAll(List.of(digest("s1", MAR14), digest("s2", MAR14)));
      List<OutboxRow> mine = outbox.claim("a#0", 10, LEASE, clock.instant());
      clock.advance(LEASE.plusSeconds(1));
      OutboxRow stolen = outbox.claim("b#0", 1, LEASE, clock.instant()).get(0);

      Set<Long> held = outbox.renewLeases("a#0", mine.stream().map(OutboxRow::id).toList(),
          clock.instant().plus(LEASE));

      assertThat(held).hasSize(1).doesNotContain(stolen.id());
      assertThat(outbox.find(held.iterator().next()).orElseThrow().leaseUntil()).isEqualTo(clock.instant().plus(LEASE));
    }
  }

  @OnBothDatabases
  void unsubscribingCancelsQueuedRowsAtOnce(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = outbox(db);
      outbox.enqueueAll(List.of(digest("s1", MAR14), digest("s1", MAR15), digest("s2", MAR14)));
      OutboxRow retry = outbox.claim("a#0", 1, LEASE, clock.instant()).get(0);
      outbox.retryLater(retry, "451 later", clock.instant().plusSeconds(60));

      assertThat(outbox.cancelFor("s1")).isEqualTo(2);

      assertThat(outbox.rowsFor("s1")).extracting(OutboxRow::status).containsOnly(Status.CANCELLED);
      assertThat(outbox.rowsFor("s2")).extracting(OutboxRow::status).containsOnly(Status.QUEUED);
      // a cancelled digest does not count: its papers may be selected again after a re-subscription
      assertThat(outbox.history(List.of("s1")).get("s1")).isEqualTo(new Outbox.History(null, Set.of()));
    }
  }

  @OnBothDatabases
  void failedRowsCanBeQueuedAgain(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = outbox(db);
      outbox.enqueueAll(List.of(digest("s1", MAR14), digest("s2", MAR14)));
      List<OutboxRow> rows = outbox.claim("a#0", 10, LEASE, clock.instant());
      outbox.fail(rows.get(0), "550 no");
      clock.advanceHours(2);
      outbox.fail(rows.get(1), "554 no");
      clock.advanceHours(30);

      assertThat(outbox.requeueFailed(clock.instant().minus(Duration.ofHours(31)))).isEqualTo(new Outbox.Requeued(1, Map.of()));

      OutboxRow again = outbox.find(rows.get(1).id()).orElseThrow();
      assertThat(again.status()).isEqualTo(Status.QUEUED);
      assertThat(again.attempts()).isZero();
      assertThat(again.queuedAt()).isEqualTo(clock.instant());
      assertThat(again.createdAt()).isEqualTo(rows.get(1).createdAt());
      assertThat(outbox.find(rows.get(0).id()).orElseThrow().status()).isEqualTo(Status.FAILED);
      assertThat(outbox.claim("a#0", 10, LEASE, clock.instant())).extracting(OutboxRow::id).containsExactly(again.id());
    }
  }

  @OnBothDatabases
  void aResendCopiesTheDigestAndKeepsItsMessageId(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = outbox(db);
      outbox.enqueue(digest("s1", MAR14, "p1"));
      OutboxRow original = outbox.claim("a#0", 10, LEASE, clock.instant()).get(0);
      outbox.markSent(original, clock.instant());
      clock.advanceHours(3);

      long first = outbox.resend("s1", MAR14).orElseThrow();
      long second = outbox.resend("s1", MAR14).orElseThrow();

      assertThat(outbox.resend("s1", MAR15)).isEmpty();
      assertThat(outbox.resend("nobody", MAR14)).isEmpty();
      OutboxRow r = outbox.find(first).orElseThrow();
      assertThat(r.kind()).isEqualTo(Kind.RESEND);
      assertThat(r.resendOf()).isEqualTo(original.id());
      assertThat(r.resendNo()).isEqualTo(1);
      assertThat(outbox.find(second).orElseThrow().resendNo()).isEqualTo(2);
      assertThat(r.messageId()).isEqualTo(original.messageId());
      assertThat(r.publicId()).isNotEqualTo(original.publicId());
      assertThat(r.bodyId()).isEqualTo(original.bodyId());
      assertThat(r.recipient()).isEqualTo(original.recipient());
      assertThat(r.paperIds()).isEqualTo(original.paperIds());
      assertThat(r.status()).isEqualTo(Status.QUEUED);
      assertThat(r.queuedAt()).isEqualTo(clock.instant());
      List<OutboxRow> claimed = outbox.claim("a#0", 10, LEASE, clock.instant());
      assertThat(claimed).extracting(OutboxRow::id).containsExactly(first, second);
      assertThat(outbox.markSent(claimed.get(0), clock.instant())).isTrue();
    }
  }

  @OnBothDatabases
  void historyReportsTheLatestCountingWindowAndSentOrPendingPapers(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = outbox(db);
      outbox.enqueue(digest("s1", MAR14, "p1", "p2"));
      OutboxRow sent = outbox.claim("a#0", 10, LEASE, clock.instant()).get(0);
      outbox.markSent(sent, clock.instant());
      clock.advanceHours(24);
      outbox.enqueueAll(List.of(digest("s1", MAR15, "p3"), digest("s2", MAR15, "p4")));
      OutboxRow s2 = outbox.claim("a#0", 10, LEASE, clock.instant()).stream()
          .filter(r -> r.subscriberId().equals("s2")).findFirst().orElseThrow();
      outbox.release("a#0");
      outbox.claim("b#0", 10, LEASE, clock.instant()).stream()
          .filter(r -> r.subscriberId().equals("s2")).forEach(r -> outbox.fail(r, "550 gone"));

      Map<String, Outbox.History> h = outbox.history(List.of("s1", "s2", "s3"));

      assertThat(h.get("s1").windowEnd()).isEqualTo(MAR15.atTime(6, 0).toInstant(java.time.ZoneOffset.UTC));
      assertThat(h.get("s1").paperIds()).containsExactlyInAnyOrder("p1", "p2", "p3");
      assertThat(h.get("s2")).isEqualTo(new Outbox.History(null, Set.of()));
      assertThat(h.get("s3")).isEqualTo(new Outbox.History(null, Set.of()));
      assertThat(s2.paperIds()).containsExactly("p4");
    }
  }

  @OnBothDatabases
  void eachBodyIsStoredOnceWithItsWireForm(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = outbox(db);
      DigestBody body = new DigestBody("Papers", "<p>Hi " + dev.paperboy.render.Field.NAME.marker() + " &amp; all</p>",
          "Hi " + dev.paperboy.render.Field.NAME.marker() + "\n");
      List<Composed> digests = new ArrayList<>();
      for (String s : List.of("s1", "s2")) {
        digests.add(new Composed(s, s + "@example.org", MAR14, Fixtures.WINDOW_END, body,
            Map.of(OutboxRow.NAME, s, OutboxRow.UNSUBSCRIBE_URL, "https://p.example.org/u/" + s), List.of("p1")));
      }
      outbox.enqueueAll(digests);
      outbox.enqueue(new Composed("s3", "s3@example.org", MAR14, Fixtures.WINDOW_END, body,
          Map.of(OutboxRow.NAME, "s3", OutboxRow.UNSUBSCRIBE_URL, "https://p.example.org/u/s3"), List.of("p1")));

      long bodyId = outbox.rowsFor("s1").get(0).bodyId();
      assertThat(outbox.rowsFor("s3").get(0).bodyId()).isEqualTo(bodyId);
      long wireRows = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM digest_body_wire").mapTo(Long.class).one());
      assertThat(wireRows).isEqualTo(1);
      WireBody wire = outbox.wireBodies(List.of(bodyId, 999_999L)).get(bodyId);
      assertThat(outbox.wireBodies(List.of(999_999L))).isEmpty();
      OutboxRow row = outbox.rowsFor("s2").get(0);
      DigestPersonaliser personaliser = new DigestPersonaliser(new dev.paperboy.render.Links("https://p.example.org/",
          dev.paperboy.token.Tokens.of("v1:outbox-test-secret-0123456789", "web.secrets")));
      assertThat(personaliser.content(wire, row)).isEqualTo(personaliser.content(outbox.body(bodyId), row));
    }
  }

  @OnBothDatabases
  void papersOfDigestsOlderThanTheLookbackAndAMarginAreNotReadBack(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = outbox(db);
      outbox.enqueue(digest("s1", MAR14, "p1"));
      outbox.markSent(outbox.claim("a#0", 10, LEASE, clock.instant()).get(0), clock.instant());
      assertThat(Outbox.PAPERS_FOR).isGreaterThan(Selector.DEFAULT_LOOKBACK);
      clock.advance(Outbox.PAPERS_FOR.minusMinutes(1));
      assertThat(outbox.history(List.of("s1")).get("s1").paperIds()).containsExactly("p1");

      // by now p1 was first seen more than a lookback before any cycle: it cannot be a candidate again
      clock.advance(Duration.ofMinutes(2));
      assertThat(outbox.history(List.of("s1")).get("s1")).isEqualTo(new Outbox.History(Fixtures.WINDOW_END, Set.of()));
    }
  }

  @OnBothDatabases
  void aDigestOlderThanTheRowsHistoryReadsStillGivesTheWindowEndButNotItsPapers(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = outbox(db);
      outbox.enqueueAll(List.of(digest("s1", MAR14, "p1"), digest("s2", MAR14, "p2"), digest("s3", MAR14, "p3")));
      for (OutboxRow r : outbox.claim("a#0", 10, LEASE, clock.instant())) {
        if (r.subscriberId().equals("s2")) outbox.fail(r, "550 gone");
        else outbox.markSent(r, clock.instant());
      }
      clock.advance(Duration.ofDays(100)); // back from a long pause: no digest within PAPERS_FOR
      LocalDate today = MAR14.plusDays(100);
      outbox.enqueue(digest("s3", today, "p4"));

      Map<String, Outbox.History> h = outbox.history(List.of("s1", "s2", "s3", "s4"));

      assertThat(h.get("s1")).isEqualTo(new Outbox.History(Fixtures.WINDOW_END, Set.of()));
      assertThat(h.get("s2")).isEqualTo(new Outbox.History(null, Set.of())); // a failed digest does not count
      assertThat(h.get("s3")).isEqualTo(new Outbox.History(today.atTime(6, 0).toInstant(java.time.ZoneOffset.UTC),
          Set.of("p4")));
      assertThat(h.get("s4")).isEqualTo(new Outbox.History(null, Set.of()));
    }
  }

  @OnBothDatabases
  void historyReadsABodysPapersOnceForAllItsRowsAndAgainAfterARestart(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = outbox(db);
      outbox.enqueueAll(List.of(digest("s1", MAR14, "p1", "p2"), digest("s2", MAR14, "p1", "p2"), digest("s3", MAR14, "p3")));
      clock.advanceHours(24);
      outbox.enqueueAll(List.of(digest("s1", MAR15, "p4"), digest("s2", MAR15, "p5")));

      for (Outbox reader : List.of(outbox, outbox(db))) { // the one that stored them, and one that never saw them
        Map<String, Outbox.History> h = reader.history(List.of("s1", "s2", "s3"));
        assertThat(h.get("s1").paperIds()).containsExactlyInAnyOrder("p1", "p2", "p4");
        assertThat(h.get("s2").paperIds()).containsExactlyInAnyOrder("p1", "p2", "p5");
        assertThat(h.get("s3").paperIds()).containsExactly("p3");
        // the shared digest is one list, not a copy per subscriber: selection looks at it once
        SentPapers s1 = (SentPapers) h.get("s1").paperIds();
        SentPapers s2 = (SentPapers) h.get("s2").paperIds();
        assertThat(s1.lists()).hasSize(2);
        assertThat(s1.lists()).anySatisfy(l -> assertThat(s2.lists()).anySatisfy(m -> assertThat(m).isSameAs(l)));
      }
    }
  }

  @OnBothDatabases
  void aBodyStoredWithoutItsPapersHasThemReadFromItsRows(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = outbox(db);
      outbox.enqueueAll(List.of(digest("s1", MAR14, "p1"), digest("s2", MAR14, "p2")));
      // as a body stored before bodies had papers: its rows may list different ones
      db.jdbi().useHandle(h -> h.execute("UPDATE digest_body SET paper_ids = NULL"));
      db.jdbi().useHandle(h -> h.execute("UPDATE outbox SET body_id = (SELECT MIN(id) FROM digest_body)"));

      Map<String, Outbox.History> h = outbox(db).history(List.of("s1", "s2"));

      assertThat(h.get("s1").paperIds()).containsExactly("p1");
      assertThat(h.get("s2").paperIds()).containsExactly("p2");
    }
  }

  @org.junit.jupiter.api.Test
  void historyIsReadFromTheIndexAloneOnH2() {
    try (Database db = TestDatabases.fresh(Database.Dialect.H2)) {
      String plan = db.jdbi().withHandle(h -> h.createQuery("EXPLAIN " + HistoryReader.HISTORY_QUERY)
          .bindArray("ids", String.class, List.of("s1")).bind("sinceDate", MAR14).bind("since", clock.instant().atOffset(java.time.ZoneOffset.UTC))
          .mapTo(String.class).one());
      assertThat(plan).contains("outbox_history_idx");
    }
  }

  @org.junit.jupiter.api.Test
  void dueRowsAreCountedFromTheDueIndexOnH2() {
    try (Database db = TestDatabases.fresh(Database.Dialect.H2)) {
      String plan = db.jdbi().withHandle(h -> h.createQuery("EXPLAIN " + Outbox.COUNT_DUE)
          .bind("now", clock.instant().atOffset(java.time.ZoneOffset.UTC)).mapTo(String.class).one());
      assertThat(plan).contains("outbox_due_idx").doesNotContain("tableScan");
    }
  }

  @OnBothDatabases
  void historyOfManySubscribersIsAHandfulOfQueries(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = outbox(db);
      List<Composed> digests = new ArrayList<>();
      for (int i = 0; i < 2500; i++) digests.add(digest("s" + i, MAR14, "p" + i));
      assertThat(outbox.enqueueAll(digests)).isEqualTo(2500);

      List<String> ids = IntStream.range(0, 2600).mapToObj(i -> "s" + i).toList();
      Map<String, Outbox.History> h = outbox.history(ids);

      assertThat(h).hasSize(2600);
      assertThat(h.get("s2499").paperIds()).containsExactly("p2499");
      assertThat(h.get("s2599").windowEnd()).isNull();
    }
  }

  @OnBothDatabases
  void concurrentClaimersNeverGetTheSameRow(Database.Dialect dialect) throws Exception {
    try (Database db = TestDatabases.fresh(dialect)) {
      // two claimers share an Outbox (senders of one process), two have their own (as other processes
      // would): only the database may keep a row from going to two of them
      Outbox shared = new Outbox(db, java.time.Clock.systemUTC(), "paperboy.example.org");
      List<Outbox> outboxes = List.of(shared, shared, new Outbox(db, java.time.Clock.systemUTC(), "paperboy.example.org"),
          new Outbox(db, java.time.Clock.systemUTC(), "paperboy.example.org"));
      List<Composed> digests = new ArrayList<>();
      for (int i = 0; i < 400; i++) digests.add(digest("s" + i, MAR14, "p1"));
      shared.enqueueAll(digests);

      int claimers = 4;
      ExecutorService pool = Executors.newFixedThreadPool(claimers);
      List<Long> all = Collections.synchronizedList(new ArrayList<>());
      try {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int c = 0; c < claimers; c++) {
          String owner = "node#" + c;
          Outbox mine = outboxes.get(c);
          tasks.add(() -> {
            int rounds = 0;
            while (true) {
              List<OutboxRow> batch = mine.claim(owner, 7, LEASE, Instant.now());
              if (batch.isEmpty()) return rounds; // (or all that are left are being claimed by others)
              rounds++;
              for (OutboxRow r : batch) {
                all.add(r.id());
                assertThat(mine.markSent(r, Instant.now())).isTrue();
              }
            }
          });
        }
        for (Future<Integer> f : pool.invokeAll(tasks)) f.get();
      } finally {
        pool.shutdownNow();
      }

      assertThat(all).hasSize(400);
      assertThat(new HashSet<>(all)).hasSize(400);
      assertThat(shared.statusCounts(MAR14, MAR14)).containsExactly(new Outbox.StatusCount(MAR14, Kind.DIGEST, "sent", 400));
    }
  }

  @OnBothDatabases
  void nodesReportTheirHeartbeat(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = outbox(db);
      Instant started = clock.instant();
      outbox.heartbeat("host-1", started);
      clock.advance(Duration.ofSeconds(30));
      outbox.heartbeat("host-1", started);

      assertThat(outbox.nodes()).containsExactly(new Outbox.Node("host-1", started, clock.instant()));
    }
  }
}
