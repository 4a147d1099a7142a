package dev.paperboy.deliver;

import static dev.paperboy.deliver.Fixtures.MAR14;
import static dev.paperboy.deliver.Fixtures.digest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.storage.Database;
import dev.paperboy.testing.MutableClock;
import dev.paperboy.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A sender's recording and claiming off its own thread, against a real H2 outbox. */
class SenderOutboxTest {
  private static final Duration LEASE = Duration.ofMinutes(5);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T06:00:00Z"));
  private final Database db = TestDatabases.fresh(Database.Dialect.H2);
  private final Outbox outbox = new Outbox(db, clock, "paperboy.example.org");
  /** Each recorded batch: its size and the thread it was recorded on. */
  private final List<String> batches = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void close() {
    db.close();
  }

  private List<OutboxRow> claimed(int n) {
    List<Composed> digests = new ArrayList<>();
    for (int i = 0; i < n; i++) digests.add(digest("s" + i, MAR14, "p" + i));
    outbox.enqueueAll(digests);
    return outbox.claim("node#0", n, LEASE, clock.instant());
  }

  private SenderOutbox senderOutbox(int batch, Consumer<List<OutboxRow>> alsoOnRecorded) {
    return new SenderOutbox("sender-0-outbox", outbox, clock, batch, Duration.ofSeconds(1), rows -> {
      batches.add(rows.size() + " on " + Thread.currentThread().getName());
      alsoOnRecorded.accept(rows);
    });
  }

  private Map<String, Long> statuses() {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT status FROM outbox").mapTo(String.class).list())
        .stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
  }

  @Test
  void sentRowsAreRecordedInBatchesOnItsOwnThreadAndAllOfThemOnceAwaited() {
    List<OutboxRow> rows = claimed(25);
    try (SenderOutbox s = senderOutbox(10, r -> {})) {
      for (OutboxRow row : rows) s.sent(row);
      s.awaitRecorded();

      assertThat(statuses()).isEqualTo(Map.of("sent", 25L));
      assertThat(batches).containsExactly("10 on sender-0-outbox", "10 on sender-0-outbox", "5 on sender-0-outbox");
      assertThat(outbox.history(List.of("s24")).get("s24").paperIds())
          .containsExactly("p24");
    }
  }

  @Test
  void oneBatchIsRecordedWhileTheNextFillsAndNoMore() throws Exception {
    List<OutboxRow> rows = claimed(30);
    CountDownLatch firstBatchStuck = new CountDownLatch(1);
    CountDownLatch unstick = new CountDownLatch(1);
    AtomicInteger handed = new AtomicInteger();
    try (SenderOutbox s = senderOutbox(10, r -> {
      if (firstBatchStuck.getCount() > 0) {
        firstBatchStuck.countDown();
        await(unstick); // the database is slow to answer for the first batch
      }
    })) {
      Thread sender = new Thread(() -> {
        for (OutboxRow row : rows) {
          s.sent(row);
          handed.incrementAndGet();
        }
        s.awaitRecorded();
      });
      sender.start();
      assertThat(firstBatchStuck.await(10, TimeUnit.SECONDS)).isTrue();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (sender.getState() != Thread.State.WAITING && System.nanoTime() < deadline) Thread.sleep(10);

      // rows 11-19 are sent meanwhile; the 20th fills the second batch, which waits for the first
      assertThat(sender.getState()).isEqualTo(Thread.State.WAITING);
      assertThat(handed.get()).isEqualTo(19);
      Thread.sleep(100);
      assertThat(handed.get()).isEqualTo(19);
      unstick.countDown();
      sender.join(10_000);

      assertThat(handed.get()).isEqualTo(30);
      assertThat(statuses()).isEqualTo(Map.of("sent", 30L));
    }
  }

  @Test
  void aBatchOfOneIsRecordedBeforeTheSenderGoesOn() {
    List<OutboxRow> rows = claimed(3);
    try (SenderOutbox s = senderOutbox(1, r -> {})) {
      s.sent(rows.get(0));
      assertThat(statuses()).isEqualTo(Map.of("sent", 1L, "sending", 2L));
      s.sent(rows.get(1));
      assertThat(statuses()).isEqualTo(Map.of("sent", 2L, "sending", 1L));
    }
  }

  @Test
  void rowsWaitingLongerThanTheDelayAreDue() throws Exception {
    List<OutboxRow> rows = claimed(2);
    try (SenderOutbox s = senderOutbox(10, r -> {})) {
      assertThat(s.due()).isFalse();
      s.sent(rows.get(0));
      assertThat(s.due()).isFalse();
      Thread.sleep(1100);
      assertThat(s.due()).isTrue();
      s.handOver();
      assertThat(s.due()).isFalse();
      s.awaitRecorded();
      assertThat(batches).containsExactly("1 on sender-0-outbox");
    }
  }

  @Test
  void aClaimRunsAfterTheBatchesHandedOverBeforeIt() throws Exception {
    List<OutboxRow> rows = claimed(3);
    outbox.enqueueAll(List.of(digest("t1", MAR14, "p1")));
    try (SenderOutbox s = senderOutbox(2, r -> {})) {
      s.sent(rows.get(0));
      s.sent(rows.get(1)); // a full batch: handed over
      Future<List<OutboxRow>> next = s.call(() -> outbox.claim("node#0", 5, LEASE, clock.instant()));

      assertThat(HelperThreads.await(next)).extracting(OutboxRow::subscriberId).containsExactly("t1");
      assertThat(batches).containsExactly("2 on sender-0-outbox");
    }
  }

  @Test
  void whyABatchCouldNotBeRecordedReachesTheSender() {
    List<OutboxRow> rows = claimed(2);
    try (SenderOutbox s = senderOutbox(2, r -> {})) {
      db.close(); // every try fails: five of them, 3 s of backing off
      s.sent(rows.get(0));
      s.sent(rows.get(1));

      assertThatThrownBy(s::awaitRecorded).isInstanceOf(RuntimeException.class);
      assertThat(batches).isEmpty();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
