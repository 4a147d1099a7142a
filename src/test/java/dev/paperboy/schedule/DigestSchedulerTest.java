package dev.paperboy.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.select.Frequency;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.Topic;
import dev.paperboy.testing.MutableClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.CronExpression;
import org.quartz.CronTrigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

/** Real Quartz: the fire times asserted here are the ones Quartz itself computes and fires. */
class DigestSchedulerTest {
  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final LocalTime HALF_SEVEN = LocalTime.of(7, 30);

  private final List<Fired> fired = new CopyOnWriteArrayList<>();
  private Scheduler quartz;

  @AfterEach
  void stop() throws Exception {
    if (quartz != null) quartz.shutdown(true);
  }

  @Test
  void subscribersInDifferentZonesEachFireAtTheirOwnLocalHalfPastSeven() throws Exception {
    Subscriber ada = subscriber("ada@example.org", LONDON, Frequency.DAILY);
    Subscriber grace = subscriber("grace@example.org", NEW_YORK, Frequency.DAILY);
    DigestScheduler scheduler = scheduler(new MutableClock(Instant.now()), Duration.ofHours(20));
    Set<Slot> slots = Set.of(Slot.of(ada), Slot.of(grace));

    scheduler.plan(slots);

    Instant winter = ZonedDateTime.of(2026, 1, 15, 0, 0, 0, 0, LONDON).toInstant();
    Instant summer = ZonedDateTime.of(2026, 7, 15, 0, 0, 0, 0, LONDON).toInstant();
    assertThat(nextFire(Slot.of(ada), winter)).isEqualTo(Instant.parse("2026-01-15T07:30:00Z"));
    assertThat(nextFire(Slot.of(grace), winter)).isEqualTo(Instant.parse("2026-01-15T12:30:00Z"));
    assertThat(nextFire(Slot.of(ada), summer)).isEqualTo(Instant.parse("2026-07-15T06:30:00Z"));
    assertThat(nextFire(Slot.of(grace), summer)).isEqualTo(Instant.parse("2026-07-15T11:30:00Z"));
  }

  @Test
  void weekdaysSkipTheWeekendAndWeeklyFiresOnItsDayOnly() throws Exception {
    Slot weekdays = new Slot(LONDON, HALF_SEVEN, Frequency.WEEKDAYS);
    Slot mondays = new Slot(LONDON, HALF_SEVEN, Frequency.weekly(DayOfWeek.MONDAY));
    scheduler(new MutableClock(Instant.now()), Duration.ofHours(20)).plan(Set.of(weekdays, mondays));
    Instant fridayNoon = ZonedDateTime.of(2026, 3, 13, 12, 0, 0, 0, LONDON).toInstant();

    assertThat(localDates(weekdays, fridayNoon, 5)).containsExactly(
        LocalDate.of(2026, 3, 16), LocalDate.of(2026, 3, 17), LocalDate.of(2026, 3, 18),
        LocalDate.of(2026, 3, 19), LocalDate.of(2026, 3, 20));
    assertThat(localDates(mondays, fridayNoon, 3)).containsExactly(
        LocalDate.of(2026, 3, 16), LocalDate.of(2026, 3, 23), LocalDate.of(2026, 3, 30));
    assertThat(localDates(mondays, fridayNoon, 3)).allSatisfy(d -> assertThat(d.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY));
  }

  @Test
  void aSlotReallyFiresAtItsLocalTime() throws Exception {
    ZoneId kolkata = ZoneId.of("Asia/Kolkata"); // a half-hour offset, to be sure the zone is honoured
    ZonedDateTime due = ZonedDateTime.now(kolkata).plusSeconds(2).withNano(0);
    Slot slot = new Slot(kolkata, due.toLocalTime(), Frequency.DAILY);
    CountDownLatch latch = new CountDownLatch(1);
    DigestScheduler scheduler = new DigestScheduler(quartz(), (s, at) -> {
      fired.add(new Fired(s, at));
      latch.countDown();
    }, java.time.Clock.systemUTC(), Duration.ofHours(20));

    scheduler.plan(Set.of(slot));
    scheduler.start();

    assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(fired).containsExactly(new Fired(slot, due.toInstant()));
  }

  @Test
  void thePruneJobRunsOnItsCronAndIsRemovedWhenPruningIsTurnedOff() throws Exception {
    CountDownLatch pruned = new CountDownLatch(2);
    DigestScheduler scheduler = scheduler(new MutableClock(Instant.now()), Duration.ofHours(20));
    scheduler.schedulePrune("* * * * * ?", pruned::countDown);
    scheduler.start();

    assertThat(pruned.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(scheduler.prunes()).isTrue();
    scheduler.schedulePrune(null, () -> {});
    assertThat(scheduler.prunes()).isFalse();
  }

  @Test
  void afterThreeDaysDownAMissedSlotIsCaughtUpOnceNotThreeTimes() throws Exception {
    Slot slot = new Slot(LONDON, HALF_SEVEN, Frequency.DAILY);
    Instant backUp = ZonedDateTime.of(2026, 3, 16, 9, 0, 0, 0, LONDON).toInstant(); // down since the 13th
    DigestScheduler scheduler = scheduler(new MutableClock(backUp), Duration.ofHours(20));
    scheduler.plan(Set.of(slot));
    scheduler.start();

    int caughtUp = scheduler.catchUp(Set.of(slot));

    assertThat(caughtUp).isEqualTo(1);
    awaitIdle();
    assertThat(fired).containsExactly(new Fired(slot, ZonedDateTime.of(2026, 3, 16, 7, 30, 0, 0, LONDON).toInstant()));
  }

  @Test
  void aMissedSlotOlderThanTheMaximumAgeIsNotCaughtUp() throws Exception {
    Slot slot = new Slot(LONDON, HALF_SEVEN, Frequency.DAILY);
    Instant backUp = ZonedDateTime.of(2026, 3, 16, 7, 0, 0, 0, LONDON).toInstant(); // yesterday's 07:30 is 23.5 h ago
    DigestScheduler scheduler = scheduler(new MutableClock(backUp), Duration.ofHours(20));
    scheduler.plan(Set.of(slot));
    scheduler.start();

    assertThat(scheduler.catchUp(Set.of(slot))).isZero();
    scheduler.fire(slot, backUp.minus(Duration.ofHours(21)));

    awaitIdle();
    assertThat(fired).isEmpty();
  }

  @Test
  void planningAgainAddsNewSlotsAndDropsUnusedOnes() throws Exception {
    Slot a = new Slot(LONDON, HALF_SEVEN, Frequency.DAILY);
    Slot b = new Slot(NEW_YORK, HALF_SEVEN, Frequency.DAILY);
    Slot c = new Slot(NEW_YORK, LocalTime.of(9, 0), Frequency.WEEKDAYS);
    DigestScheduler scheduler = scheduler(new MutableClock(Instant.now()), Duration.ofHours(20));
    scheduler.plan(Set.of(a, b));

    DigestScheduler.Plan plan = scheduler.plan(Set.of(b, c));

    assertThat(plan).isEqualTo(new DigestScheduler.Plan(2, 1, 1));
    assertThat(quartz.getTriggerKeys(GroupMatcher.triggerGroupEquals(DigestScheduler.SLOT_GROUP)))
        .extracting(TriggerKey::getName).containsExactlyInAnyOrder(b.key(), c.key());
  }

  @Test
  void aHundredThousandSubscribersNeedOnlyAsManyTriggersAsDistinctSlots() {
    List<Subscriber> many = new ArrayList<>();
    List<ZoneId> zones = List.of(LONDON, NEW_YORK, ZoneId.of("Asia/Tokyo"));
    for (int i = 0; i < 100_000; i++) {
      many.add(subscriber("s" + i + "@example.org", zones.get(i % 3), i % 2 == 0 ? Frequency.DAILY : Frequency.WEEKDAYS));
    }

    Set<Slot> slots = many.stream().map(Slot::of).collect(Collectors.toSet());

    assertThat(slots).hasSize(6);
  }

  private DigestScheduler scheduler(MutableClock clock, Duration maxAge) throws Exception {
    return new DigestScheduler(quartz(), (s, at) -> fired.add(new Fired(s, at)), clock, maxAge);
  }

  private Scheduler quartz() throws Exception {
    quartz = Quartz.inMemory("test-" + System.nanoTime(), 2);
    return quartz;
  }

  private Instant nextFire(Slot slot, Instant after) throws Exception {
    // the trigger as Quartz stored it; its own start time (now) would hide earlier dates
    CronTrigger t = (CronTrigger) quartz.getTrigger(new TriggerKey(slot.key(), DigestScheduler.SLOT_GROUP));
    CronExpression cron = new CronExpression(t.getCronExpression());
    cron.setTimeZone(t.getTimeZone());
    return cron.getTimeAfter(Date.from(after)).toInstant();
  }

  private List<LocalDate> localDates(Slot slot, Instant after, int n) throws Exception {
    List<LocalDate> dates = new ArrayList<>();
    Instant cursor = after;
    for (int i = 0; i < n; i++) {
      cursor = nextFire(slot, cursor);
      dates.add(cursor.atZone(slot.zone()).toLocalDate());
    }
    return dates;
  }

  private void awaitIdle() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Thread.sleep(200);
    while (!quartz.getCurrentlyExecutingJobs().isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
  }

  private static Subscriber subscriber(String email, ZoneId zone, Frequency frequency) {
    return new Subscriber(null, email, "", List.of(new Topic("t", "T", "x", List.of())), null, zone, HALF_SEVEN,
        frequency, 10, false, Subscriber.Origin.FILE);
  }

  private record Fired(Slot slot, Instant at) {}
}
