package dev.paperboy.schedule;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz job that composes one chunk of a slot's subscribers (clustered scheduling). One durable
 * job, one one-shot trigger per chunk carrying the slot, its due time and the subscriber ids; chunks
 * may run at once on different nodes, so it is not {@code @DisallowConcurrentExecution}.
 */
public final class ChunkJob implements Job {
  private static final Logger log = LoggerFactory.getLogger(ChunkJob.class);

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    try {
      DigestScheduler scheduler = (DigestScheduler) context.getScheduler().getContext().get(DigestScheduler.CONTEXT_KEY);
      JobDataMap data = context.getMergedJobDataMap();
      Slot slot = Slots.fromJobData(data);
      Instant dueAt = Instant.ofEpochMilli(data.getLongValue(Slots.SCHEDULED_AT));
      List<String> ids = Arrays.asList(data.getString(Slots.SUBSCRIBERS).split(","));
      scheduler.composeChunk(slot, dueAt, ids, context.getTrigger().getKey().getName(), context.isRecovering());
    } catch (Exception e) {
      log.error("composing chunk {} failed: {}", context.getTrigger().getKey().getName(), e.toString(), e);
      throw new JobExecutionException(e, false);
    }
  }
}
