package dev.paperboy.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.select.Frequency;
import dev.paperboy.storage.Database;
import dev.paperboy.testing.TestDatabases;
import dev.paperboy.testing.TestHome;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.listeners.JobListenerSupport;

/**
 * Two clustered Quartz schedulers (two nodes) in this JVM on one embedded PostgreSQL: a slot missed
 * a few minutes ago fires once, its chunks are composed, and the chunks a node was composing when it
 * went away are composed again by the other node.
 */
class ClusteredSchedulerTest {
  @TempDir Path dir;
  private final List<Scheduler> started = new ArrayList<>();
  private final CountDownLatch never = new CountDownLatch(1);

  @AfterEach
  void stop() throws Exception {
    never.countDown();
    for (Scheduler s : started) if (!s.isShutdown()) s.shutdown(false);
  }

  private record Chunk(String node, List<String> ids) {}

  private static final List<String> EVERYONE = IntStream.range(0, 10).mapToObj(i -> "s" + i).toList();

  /** An embedded PostgreSQL database with the migrations applied: Quartz's tables exist. */
  private String migratedDatabase() {
    String url = TestDatabases.url(Database.Dialect.POSTGRESQL);
    try (Database db = Database.open(url, "postgres", "", 2, dir)) {
      db.jdbi();
    }
    return url;
  }

  /** A daily slot whose time passed {@code minutes} ago: missed, so caught up as soon as a node starts. */
  private static Slot slotPassed(int minutes) {
    return new Slot(ZoneOffset.UTC, LocalTime.parse(TestHome.passedToday(minutes)), Frequency.parse("daily").orElseThrow());
  }

  private static void awaitEveryone(LongSupplier done, Supplier<String> so) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (done.getAsLong() < EVERYONE.size()) {
      assertThat(System.nanoTime()).as(so.get()).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  @Test
  void theChunksOfANodeThatWentAwayAreComposedByTheOther() throws Exception {
    String url = migratedDatabase();
    Slot slot = slotPassed(5);
    List<Chunk> composed = new CopyOnWriteArrayList<>();
    List<String> firedOn = new CopyOnWriteArrayList<>();
    CountDownLatch bBusy = new CountDownLatch(1);

    // node-b lists the slot's subscribers, starts composing, and never finishes: it goes away mid-chunk
    DigestScheduler b = node(url, "node-b", new ChunkRunner() {
      @Override
      public List<String> subscribers(Slot s, Instant dueAt) {
        firedOn.add("node-b");
        return EVERYONE;
      }

      @Override
      public void compose(Slot s, Instant dueAt, List<String> ids) throws Exception {
        composed.add(new Chunk("node-b", ids));
        bBusy.countDown();
        never.await();
        throw new IllegalStateException("node-b is gone");
      }
    });
    // the slot's firing must have finished on node-b before it goes away: a firing cut short (its first
    // chunk can start on the other thread while it still schedules the second) is rightly run again
    // by node-a's recovery, which is not what this test is about
    CountDownLatch bFired = new CountDownLatch(1);
    started.get(0).getListenerManager().addJobListener(new JobListenerSupport() {
      @Override
      public String getName() {
        return "slot-fired";
      }

      @Override
      public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
        bFired.countDown();
      }
    }, GroupMatcher.jobGroupEquals(DigestScheduler.SLOT_GROUP));
    b.plan(Set.of(slot));
    b.start();
    assertThat(bFired.await(60, TimeUnit.SECONDS)).as("slot fired on node-b").isTrue();
    assertThat(bBusy.await(60, TimeUnit.SECONDS)).as("node-b composing").isTrue();
    started.get(0).shutdown(false); // no waiting for its jobs; its Quartz connections are closed, check-ins stop

    DigestScheduler a = node(url, "node-a", healthy("node-a", firedOn, ids -> composed.add(new Chunk("node-a", ids))));
    a.plan(Set.of(slot));
    a.start();

    awaitEveryone(() -> composed.stream().filter(c -> c.node().equals("node-a")).flatMap(c -> c.ids().stream()).distinct().count(),
        () -> "node-a composing every chunk; so far " + composed);
    System.out.println("clustered scheduler: slot fired on " + firedOn + "; chunks " + composed);
    assertThat(firedOn).containsExactly("node-b"); // the slot fired once, on one node
    List<String> byA = composed.stream().filter(c -> c.node().equals("node-a")).flatMap(c -> c.ids().stream()).toList();
    assertThat(byA).containsExactlyInAnyOrderElementsOf(EVERYONE); // each chunk once on node-a, by Quartz's recovery
    assertThat(composed).filteredOn(c -> c.node().equals("node-b")).isNotEmpty();
  }

  @Test
  void aSlotFiringCutShortIsRunAgainByTheOtherNode() throws Exception {
    String url = migratedDatabase();
    Slot slot = slotPassed(7);
    List<String> firedOn = new CopyOnWriteArrayList<>();
    List<String> composedByA = new CopyOnWriteArrayList<>();
    CountDownLatch bListing = new CountDownLatch(1);

    // node-b goes away while it lists the slot's subscribers: no chunk has been scheduled yet
    DigestScheduler b = node(url, "node-b", new ChunkRunner() {
      @Override
      public List<String> subscribers(Slot s, Instant dueAt) throws Exception {
        firedOn.add("node-b");
        bListing.countDown();
        never.await();
        throw new IllegalStateException("node-b is gone");
      }

      @Override
      public void compose(Slot s, Instant dueAt, List<String> ids) {
        throw new AssertionError("node-b never gets as far as a chunk");
      }
    });
    b.plan(Set.of(slot));
    b.start();
    assertThat(bListing.await(60, TimeUnit.SECONDS)).as("node-b firing the slot").isTrue();
    started.get(0).shutdown(false);

    DigestScheduler a = node(url, "node-a", healthy("node-a", firedOn, composedByA::addAll));
    a.plan(Set.of(slot));
    a.start();

    awaitEveryone(() -> composedByA.size(), () -> "node-a composing; so far " + composedByA);
    Thread.sleep(1000); // a duplicate chunk would show up now
    assertThat(firedOn).containsExactly("node-b", "node-a"); // once cut short, once recovered; no third firing
    assertThat(composedByA).containsExactlyInAnyOrderElementsOf(EVERYONE);
  }

  /** A node that lists everyone when its slot fires and hands each chunk it composes to {@code composing}. */
  private static ChunkRunner healthy(String node, List<String> firedOn, Consumer<List<String>> composing) {
    return new ChunkRunner() {
      @Override
      public List<String> subscribers(Slot s, Instant dueAt) {
        firedOn.add(node);
        return EVERYONE;
      }

      @Override
      public void compose(Slot s, Instant dueAt, List<String> ids) {
        composing.accept(ids);
      }
    };
  }

  private DigestScheduler node(String url, String id, ChunkRunner runner) throws Exception {
    Scheduler quartz = Quartz.clustered(url, "postgres", "", id, 2, Duration.ofMillis(200));
    started.add(quartz);
    return DigestScheduler.clustered(quartz, runner, 5, Clock.systemUTC(), Duration.ofHours(20));
  }
}
