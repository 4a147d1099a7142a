package dev.paperboy.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paperboy's use of Quartz: one cron trigger per {@link Slot} (not per subscriber), the ingest
 * and prune triggers, and catching up once after downtime. Two ways to run:
 *
 * <p><b>Single node</b> ({@link #DigestScheduler(Scheduler, SlotRunner, Clock, Duration)}, Quartz in
 * memory): triggers never replay missed fires themselves (misfire: do nothing). Instead {@link #catchUp}
 * runs each slot once for its most recent missed time within the maximum age, however many days
 * were missed; running a slot is idempotent, so catching up a slot that had in fact run is harmless.
 * A firing slot composes for all its subscribers on this node.
 *
 * <p><b>Cluster</b> ({@link #clustered}, Quartz's clustered JDBC store): the triggers live in the
 * shared database, so each fires on one node, and catching up is Quartz's own misfire handling,
 * which is cluster-wide: a slot trigger that could not fire on time (every node down, or busy) fires
 * once as soon as a node can, however many times it was missed ("fire once now"), and a new slot's
 * trigger starts {@code maxAge} in the past so that a time it has just missed is caught up the same
 * way. {@link #catchUp} does nothing. A firing stands for the slot's latest time at or before it. A
 * firing slot only lists its subscribers and schedules one one-shot trigger per chunk of them
 * ({@code serve.chunk_size}), named after the slot, the due time and the chunk, so whichever nodes
 * have a free thread compose them; a chunk whose node dies is recovered by another.
 */
public final class DigestScheduler implements AutoCloseable {
  static final String CONTEXT_KEY = "paperboy.digestScheduler";
  static final String SLOT_GROUP = "digest-slot";
  static final String CHUNK_GROUP = "digest-chunk";
  private static final JobKey INGEST = new JobKey("ingest", "ingest");
  private static final JobKey PRUNE = new JobKey("prune", "prune");
  private static final JobKey CHUNK_JOB = new JobKey("compose", CHUNK_GROUP);
  /** Longer than the longest gap between two times of a slot (weekly). */
  private static final Duration SLOT_PERIOD = Duration.ofDays(8);
  private static final Logger log = LoggerFactory.getLogger(DigestScheduler.class);

  private final Scheduler quartz;
  private final SlotRunner runner;
  private final ChunkRunner chunks;
  private final int chunkSize;
  private final Clock clock;
  private final Duration maxAge;
  private volatile Runnable ingest = () -> {};
  private volatile Runnable prune = () -> {};

  /** A single node: Quartz in memory, slots composed where they fire, missed slots caught up by {@link #catchUp}. */
  public DigestScheduler(Scheduler quartz, SlotRunner runner, Clock clock, Duration maxAge) throws SchedulerException {
    this(quartz, runner, null, 0, clock, maxAge);
  }

  private DigestScheduler(Scheduler quartz, SlotRunner runner, ChunkRunner chunks, int chunkSize, Clock clock,
      Duration maxAge) throws SchedulerException {
    this.quartz = quartz;
    this.runner = runner;
    this.chunks = chunks;
    this.chunkSize = chunkSize;
    this.clock = clock;
    this.maxAge = maxAge;
    quartz.getContext().put(CONTEXT_KEY, this);
  }

  /**
   * A node of a cluster: {@code quartz} uses the clustered JDBC job store ({@link Quartz#clustered}).
   *
   * @param chunkSize subscribers per composition job
   */
  public static DigestScheduler clustered(Scheduler quartz, ChunkRunner chunks, int chunkSize, Clock clock,
      Duration maxAge) throws SchedulerException {
    if (chunkSize < 1) throw new IllegalArgumentException("chunk size " + chunkSize);
    DigestScheduler s = new DigestScheduler(quartz, null, chunks, chunkSize, clock, maxAge);
    quartz.addJob(JobBuilder.newJob(ChunkJob.class).withIdentity(CHUNK_JOB).storeDurably().requestRecovery().build(),
        true);
    return s;
  }

  public boolean isClustered() {
    return chunks != null;
  }

  public void start() throws SchedulerException {
    quartz.start();
  }

  /**
   * Makes the triggers match these slots: a new slot gets a trigger, a slot nobody uses any more loses
   * its own. In a cluster the triggers are shared: every node must plan the same slots (the same
   * topic file), and a trigger another node added meanwhile counts as existing.
   */
  public synchronized Plan plan(Set<Slot> slots) throws SchedulerException {
    Set<JobKey> existing = new HashSet<>(quartz.getJobKeys(GroupMatcher.jobGroupEquals(SLOT_GROUP)));
    int added = 0;
    int removed = 0;
    Set<JobKey> wanted = new HashSet<>();
    Date startAt = Date.from(clock.instant().minus(maxAge));
    for (Slot slot : slots) {
      JobKey key = jobKey(slot);
      wanted.add(key);
      if (existing.contains(key)) continue;
      JobDetail job = JobBuilder.newJob(SlotJob.class).withIdentity(key).usingJobData(Slots.toJobData(slot))
          .storeDurably().requestRecovery(isClustered()).build();
      CronScheduleBuilder cron = CronScheduleBuilder.cronSchedule(slot.cron()).inTimeZone(TimeZone.getTimeZone(slot.zone()));
      TriggerBuilder<Trigger> trigger = TriggerBuilder.newTrigger().withIdentity(slot.key(), SLOT_GROUP).forJob(job);
      if (isClustered()) {
        // catching up is Quartz's misfire handling: fire once now for what was missed (see the class comment)
        cron = cron.withMisfireHandlingInstructionFireAndProceed();
        trigger = trigger.startAt(startAt);
      } else {
        cron = cron.withMisfireHandlingInstructionDoNothing();
      }
      try {
        quartz.scheduleJob(job, Set.of(trigger.withSchedule(cron).build()), false);
        added++;
      } catch (ObjectAlreadyExistsException e) {
        log.debug("slot {} was added by another node meanwhile", slot);
      }
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
   * past, so that a node that was down for three days sends one digest, not three. In a cluster,
   * Quartz's misfire handling does this once for the whole cluster, and this does nothing.
   *
   * @return how many slots were caught up
   */
  public int catchUp(Set<Slot> slots) throws SchedulerException {
    if (isClustered()) return 0;
    Instant now = clock.instant();
    int n = 0;
    for (Slot slot : slots) {
      var last = slot.lastFireWithin(now, maxAge);
      if (last.isEmpty()) continue;
      JobDataMap data = new JobDataMap();
      data.put(Slots.SCHEDULED_AT, Long.toString(last.get().toEpochMilli()));
      quartz.triggerJob(jobKey(slot), data);
      log.info("catching up slot {} due at {}", slot, last.get());
      n++;
    }
    return n;
  }

  /** Ingests on a cron schedule (a Quartz cron expression read in {@code zone}). */
  public void scheduleIngest(String cron, ZoneId zone, Runnable ingest) throws SchedulerException {
    this.ingest = ingest;
    scheduleCron(IngestJob.class, INGEST, cron, zone);
  }

  /**
   * Prunes the outbox on a cron schedule (UTC); with a null cron no longer (a cluster's store may
   * hold the job from when it was configured).
   */
  public void schedulePrune(String cron, Runnable prune) throws SchedulerException {
    this.prune = prune;
    if (cron == null) {
      quartz.deleteJob(PRUNE);
      return;
    }
    scheduleCron(PruneJob.class, PRUNE, cron, ZoneId.of("UTC"));
  }

  private void scheduleCron(Class<? extends SchedulerTask> type, JobKey key, String cron, ZoneId zone)
      throws SchedulerException {
    JobDetail job = JobBuilder.newJob(type).withIdentity(key).storeDurably().requestRecovery(isClustered()).build();
    // job and trigger replaced together, in one step: nodes starting at once each install the same pair
    quartz.scheduleJob(job, Set.of(TriggerBuilder.newTrigger().withIdentity(key.getName(), key.getGroup()).forJob(job)
        .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(TimeZone.getTimeZone(zone))
            .withMisfireHandlingInstructionFireAndProceed())
        .build()), true);
  }

  /**
   * @param scheduledAt when Quartz meant this firing to happen: the slot's time, or (a trigger fired
   *                    late by misfire handling) the moment the misfire was handled
   */
  void fire(Slot slot, Instant scheduledAt) throws Exception {
    Instant dueAt = slot.lastFireWithin(scheduledAt, SLOT_PERIOD).orElse(scheduledAt);
    if (tooLate(slot, dueAt)) return;
    if (!isClustered()) {
      runner.run(slot, dueAt);
      return;
    }
    List<String> ids = chunks.subscribers(slot, dueAt);
    int n = (ids.size() + chunkSize - 1) / chunkSize;
    int scheduled = 0;
    for (int k = 0; k < n; k++) {
      List<String> chunk = ids.subList(k * chunkSize, Math.min(ids.size(), (k + 1) * chunkSize));
      JobDataMap data = Slots.toJobData(slot);
      data.put(Slots.SCHEDULED_AT, Long.toString(dueAt.toEpochMilli()));
      data.put(Slots.SUBSCRIBERS, String.join(",", chunk));
      Trigger t = TriggerBuilder.newTrigger()
          .withIdentity(new TriggerKey(slot.key() + " " + dueAt + " " + (k + 1) + "/" + n, CHUNK_GROUP))
          .forJob(CHUNK_JOB).usingJobData(data).startNow()
          // however long every thread stays busy, a chunk waits its turn: never a misfire
          .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionIgnoreMisfires())
          .build();
      try {
        quartz.scheduleJob(t);
        scheduled++;
      } catch (ObjectAlreadyExistsException e) {
        // this firing runs again (its node died): the chunk has not run yet and is still scheduled
        log.debug("chunk {} is already scheduled", t.getKey().getName());
      }
    }
    log.info("slot {} due at {}: {} subscribers in {} chunks ({} scheduled now)", slot, dueAt, ids.size(), n, scheduled);
  }

  void composeChunk(Slot slot, Instant dueAt, List<String> ids, String name, boolean recovering) throws Exception {
    if (tooLate(slot, dueAt)) return;
    if (recovering) log.info("chunk {} is run again: the node that was running it stopped", name);
    chunks.compose(slot, dueAt, ids);
  }

  private boolean tooLate(Slot slot, Instant dueAt) {
    Duration late = Duration.between(dueAt, clock.instant());
    if (late.compareTo(maxAge) <= 0) return false;
    log.warn("slot {} due at {} is {} late, beyond the maximum age {}: skipped", slot, dueAt, late, maxAge);
    return true;
  }

  void ingestNow() {
    ingest.run();
  }

  /** Whether the prune job is scheduled. */
  public boolean prunes() throws SchedulerException {
    return quartz.checkExists(PRUNE);
  }

  void pruneNow() {
    prune.run();
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
