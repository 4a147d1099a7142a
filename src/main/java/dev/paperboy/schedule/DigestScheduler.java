package dev.paperboy.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paperboy's use of Quartz: one cron trigger per {@link Slot} (not per subscriber), the ingest
 * trigger, and catching up once after downtime.
 *
 * <p>Triggers never replay missed fires themselves (misfire: do nothing). Instead {@link #catchUp}
 * runs each slot once for its most recent missed time within the maximum age, however many days
 * were missed; running a slot is idempotent, so catching up a slot that had in fact run is harmless.
 */
public final class DigestScheduler implements AutoCloseable {
  static final String CONTEXT_KEY = "paperboy.digestScheduler";
  static final String SLOT_GROUP = "digest-slot";
  private static final JobKey INGEST = new JobKey("ingest", "ingest");
  private static final Logger log = LoggerFactory.getLogger(DigestScheduler.class);

  private final Scheduler quartz;
  private final SlotRunner runner;
  private final Clock clock;
  private final Duration maxAge;
  private volatile Runnable ingest = () -> {};

  public DigestScheduler(Scheduler quartz, SlotRunner runner, Clock clock, Duration maxAge) throws SchedulerException {
    this.quartz = quartz;
    this.runner = runner;
    this.clock = clock;
    this.maxAge = maxAge;
    quartz.getContext().put(CONTEXT_KEY, this);
  }

  public void start() throws SchedulerException {
    quartz.start();
  }

  /** Makes the triggers match these slots: a new slot gets a trigger, a slot nobody uses any more loses its own. */
  public synchronized Plan plan(Set<Slot> slots) throws SchedulerException {
    Set<JobKey> existing = new HashSet<>(quartz.getJobKeys(GroupMatcher.jobGroupEquals(SLOT_GROUP)));
    int added = 0;
    int removed = 0;
    Set<JobKey> wanted = new HashSet<>();
    for (Slot slot : slots) {
      JobKey key = jobKey(slot);
      wanted.add(key);
      if (existing.contains(key)) continue;
      JobDetail job = JobBuilder.newJob(SlotJob.class).withIdentity(key).usingJobData(Slots.toJobData(slot))
          .storeDurably().build();
      quartz.addJob(job, true);
      quartz.scheduleJob(TriggerBuilder.newTrigger().withIdentity(slot.key(), SLOT_GROUP).forJob(job)
          .withSchedule(CronScheduleBuilder.cronSchedule(slot.cron()).inTimeZone(TimeZone.getTimeZone(slot.zone()))
              .withMisfireHandlingInstructionDoNothing())
          .build());
      added++;
    }
    for (JobKey key : existing) {
      if (!wanted.contains(key)) {
        quartz.deleteJob(key);
        removed++;
      }
    }
    return new Plan(slots.size(), added, removed);
  }

  /** The slots and next fire times Quartz has, for status output. */
  public List<String> describe() throws SchedulerException {
    return quartz.getTriggerKeys(GroupMatcher.triggerGroupEquals(SLOT_GROUP)).stream().sorted().map(k -> {
      try {
        Trigger t = quartz.getTrigger(k);
        return k.getName() + " next " + (t == null || t.getNextFireTime() == null ? "never" : t.getNextFireTime().toInstant());
      } catch (SchedulerException e) {
        return k.getName() + " (" + e.getMessage() + ")";
      }
    }).toList();
  }

  /**
   * Fires each slot once for its most recent due time within the maximum age that lies in the
   * past, so that a node that was down for three days sends one digest, not three.
   *
   * @return how many slots were caught up
   */
  public int catchUp(Set<Slot> slots) throws SchedulerException {
    Instant now = clock.instant();
    int n = 0;
    for (Slot slot : slots) {
      var last = slot.lastFireWithin(now, maxAge);
      if (last.isEmpty()) continue;
      JobDataMap data = new JobDataMap();
      data.put(Slots.SCHEDULED_AT, last.get().toEpochMilli());
      quartz.triggerJob(jobKey(slot), data);
      log.info("catching up slot {} due at {}", slot, last.get());
      n++;
    }
    return n;
  }

  /** Ingests on a cron schedule (a Quartz cron expression read in {@code zone}). */
  public void scheduleIngest(String cron, ZoneId zone, Runnable ingest) throws SchedulerException {
    this.ingest = ingest;
    JobDetail job = JobBuilder.newJob(IngestJob.class).withIdentity(INGEST).storeDurably().build();
    quartz.addJob(job, true);
    quartz.unscheduleJob(new org.quartz.TriggerKey("ingest", "ingest"));
    quartz.scheduleJob(TriggerBuilder.newTrigger().withIdentity("ingest", "ingest").forJob(job)
        .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(TimeZone.getTimeZone(zone))
            .withMisfireHandlingInstructionFireAndProceed())
        .build());
  }

  void fire(Slot slot, Instant scheduledAt) throws Exception {
    Duration late = Duration.between(scheduledAt, clock.instant());
    if (late.compareTo(maxAge) > 0) {
      log.warn("slot {} due at {} is {} late, beyond the maximum age {}: skipped", slot, scheduledAt, late, maxAge);
      return;
    }
    runner.run(slot, scheduledAt);
  }

  void ingestNow() {
    ingest.run();
  }

  /** Stops Quartz, letting running jobs finish. */
  @Override
  public void close() throws SchedulerException {
    quartz.shutdown(true);
  }

  private static JobKey jobKey(Slot slot) {
    return new JobKey(slot.key(), SLOT_GROUP);
  }

  /** What {@link #plan} changed. */
  public record Plan(int slots, int added, int removed) {}
}
