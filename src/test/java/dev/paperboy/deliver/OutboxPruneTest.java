package dev.paperboy.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.deliver.OutboxRow.Kind;
import dev.paperboy.deliver.OutboxRow.Status;
import dev.paperboy.storage.Database;
import dev.paperboy.testing.MutableClock;
import dev.paperboy.testing.OnBothDatabases;
import dev.paperboy.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

class OutboxPruneTest {
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final Duration KEEP = Duration.ofDays(60);
  private static final LocalDate OLD1 = LocalDate.of(2025, 12, 1);
  private static final LocalDate OLD2 = LocalDate.of(2025, 12, 2);
  private static final LocalDate RECENT = LocalDate.of(2026, 3, 1);
  private static final Instant NOW = Instant.parse("2026-03-14T06:00:05Z");

  private final MutableClock clock = new MutableClock(NOW);

  /**
   * Five subscribers over two old days and a recent one: s1 sent every day; s2 sent on OLD1, failed
   * on OLD2; s3 still queued since OLD1; s4 and s5 resent OLD1 (s4's resend sent, s5's still queued).
   */
  private Outbox history(Database db) {
    Outbox outbox = new Outbox(db, clock, "paperboy.example.org");
    on(OLD1);
    outbox.enqueueAll(Stream.of("s1", "s2", "s3", "s4", "s5").map(s -> digest(s, OLD1)).toList());
    outbox.enqueueConfirm("c1", "c1@example.org", body("Confirm your subscription"), Map.of(OutboxRow.NAME, ""));
    settle(outbox, r -> !r.subscriberId().equals("s3"), r -> false);
    outbox.resend("s4", OLD1);
    outbox.resend("s5", OLD1);
    settle(outbox, r -> r.subscriberId().equals("s4"), r -> false);
    on(OLD2);
    outbox.enqueueAll(List.of(digest("s1", OLD2), digest("s2", OLD2)));
    settle(outbox, r -> r.subscriberId().equals("s1"), r -> r.subscriberId().equals("s2"));
    on(RECENT);
    outbox.enqueueAll(List.of(digest("s1", RECENT), digest("s4", RECENT), digest("s5", RECENT)));
    settle(outbox, r -> r.digestDate().equals(RECENT), r -> false);
    clock.set(NOW);
    return outbox;
  }

  @OnBothDatabases
  void finishedRowsOlderThanKeepGoQueuedRowsAndEachSubscribersLatestDigestStay(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = history(db);
      long oldBody = outbox.rowsFor("s2").stream().filter(r -> r.digestDate().equals(OLD2)).findFirst().orElseThrow().bodyId();
      String gone = outbox.rowsFor("s1").get(0).publicId();
      Instant s2WindowEnd = outbox.history(List.of("s2")).get("s2").windowEnd();

      Outbox.Pruned pruned = outbox.prune(KEEP, false, Dispatcher.Progress.NONE);

      // 60 days before 2026-03-14 is 2026-01-13, less a day for time zones
      assertThat(pruned.before()).isEqualTo(LocalDate.of(2026, 1, 12));
      // s1 OLD1 + OLD2, s2's failed OLD2, s4's digest and its resend, s5's digest, the confirmation
      assertThat(pruned.rows()).isEqualTo(7);
      assertThat(pruned.bodies()).isEqualTo(1);
      assertThat(dates(outbox, "s1")).containsExactly(RECENT);
      assertThat(outbox.rowsFor("s2")).singleElement()
          .satisfies(r -> assertThat(r.digestDate()).isEqualTo(OLD1))
          .satisfies(r -> assertThat(r.status()).isEqualTo(Status.SENT));
      assertThat(outbox.history(List.of("s2")).get("s2").windowEnd()).isEqualTo(s2WindowEnd);
      assertThat(outbox.rowsFor("s3")).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(Status.QUEUED));
      assertThat(dates(outbox, "s4")).containsExactly(RECENT);
      assertThat(outbox.rowsFor("s5")).extracting(OutboxRow::kind, OutboxRow::status)
          .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(Kind.RESEND, Status.QUEUED),
              org.assertj.core.groups.Tuple.tuple(Kind.DIGEST, Status.SENT));
      assertThat(outbox.rowsFor("s5")).filteredOn(r -> r.kind() == Kind.RESEND).singleElement()
          .satisfies(r -> assertThat(r.resendOf()).isNull());
      assertThat(outbox.rowsFor("c1")).isEmpty();
      assertThat(outbox.findByPublicId(gone)).isEmpty();

      // OLD2's body went with its last row; OLD1's serves s2, s3 and s5 still; the confirmation's stays
      assertThat(count(db, "digest_body WHERE id = " + oldBody)).isZero();
      assertThat(count(db, "digest_body_wire WHERE body_id = " + oldBody)).isZero();
      assertThat(count(db, "digest_body")).isEqualTo(3);
      assertThat(count(db, "digest_body_wire")).isEqualTo(3);
      outbox.rowsFor("s5").forEach(r -> assertThat(outbox.body(r.bodyId())).isNotNull());

      assertThat(outbox.prune(KEEP, false, Dispatcher.Progress.NONE).rows()).isZero();
    }
  }

  @OnBothDatabases
  void aDryRunCountsTheSameRowsAndDeletesNothing(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = history(db);
      long rows = count(db, "outbox");
      List<long[]> progress = new ArrayList<>();

      Outbox.Pruned dry = outbox.prune(KEEP, true, (done, total) -> progress.add(new long[] {done, total}));

      assertThat(dry.rows()).isEqualTo(7);
      assertThat(dry.bodies()).isZero();
      assertThat(count(db, "outbox")).isEqualTo(rows);
      assertThat(progress).isNotEmpty();
      // every finished row before the date counts towards the total, kept ones too (s2's OLD1)
      assertThat(progress.get(progress.size() - 1)).containsExactly(8, 8);
      assertThat(outbox.prune(KEEP, false, Dispatcher.Progress.NONE).rows()).isEqualTo(dry.rows());
    }
  }

  @OnBothDatabases
  void rowsYoungerThanKeepStay(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = history(db);
      long rows = count(db, "outbox");

      Outbox.Pruned pruned = outbox.prune(Duration.ofDays(365), false, Dispatcher.Progress.NONE);

      assertThat(pruned.before()).isBefore(OLD1);
      assertThat(pruned.rows()).isZero();
      assertThat(count(db, "outbox")).isEqualTo(rows);
    }
  }

  @OnBothDatabases
  void moreRowsThanOneBatchArePrunedBatchByBatch(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = new Outbox(db, clock, "paperboy.example.org");
      int n = Outbox.PRUNE_BATCH + 7;
      on(OLD1);
      List<Composed> old = new ArrayList<>();
      for (int i = 0; i < n; i++) old.add(digest("s" + i, OLD1));
      outbox.enqueueAll(old);
      on(RECENT);
      List<Composed> recent = new ArrayList<>();
      for (int i = 0; i < n; i++) recent.add(digest("s" + i, RECENT));
      outbox.enqueueAll(recent);
      while (true) {
        List<OutboxRow> claimed = outbox.claim("n#0", 500, LEASE, clock.instant());
        if (claimed.isEmpty()) break;
        outbox.markSentAll(claimed, clock.instant());
      }
      clock.set(NOW);

      Outbox.Pruned pruned = outbox.prune(KEEP, false, Dispatcher.Progress.NONE);

      assertThat(pruned.rows()).isEqualTo(n);
      assertThat(pruned.bodies()).isEqualTo(1);
      assertThat(count(db, "outbox")).isEqualTo(n);
      assertThat(count(db, "outbox WHERE digest_date = DATE '2026-03-01'")).isEqualTo(n);
    }
  }

  private void on(LocalDate date) {
    clock.set(date.atTime(6, 0).toInstant(ZoneOffset.UTC));
  }

  /** Claims every due row: marks the {@code sent} ones sent, the {@code failed} ones failed, queues the rest again. */
  private void settle(Outbox outbox, Predicate<OutboxRow> sent, Predicate<OutboxRow> failed) {
    List<OutboxRow> claimed = outbox.claim("n#0", 100, LEASE, clock.instant());
    outbox.markSentAll(claimed.stream().filter(sent).toList(), clock.instant());
    claimed.stream().filter(failed.and(sent.negate())).forEach(r -> outbox.fail(r, "550 no such user"));
    outbox.release("n#0");
  }

  private static List<LocalDate> dates(Outbox outbox, String subscriber) {
    return outbox.rowsFor(subscriber).stream().map(OutboxRow::digestDate).toList();
  }

  private static Composed digest(String subscriber, LocalDate date) {
    Composed c = Fixtures.digest(subscriber, date, "p-" + date);
    return new Composed(c.subscriberId(), c.email(), c.digestDate(), c.windowEnd(), body("Papers of " + date),
        c.recipient(), c.paperIds());
  }

  private static DigestBody body(String subject) {
    return new DigestBody(subject + " for {{name}}", "<p>" + subject + "</p>", subject + "\n");
  }

  private static long count(Database db, String from) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + from).mapTo(Long.class).one());
  }
}
