package dev.paperboy.schedule;

import java.time.Instant;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Quartz job of one slot. It finds its runner in the scheduler context: runners are per node. */
@DisallowConcurrentExecution
public final class SlotJob implements Job {
  private static final Logger log = LoggerFactory.getLogger(SlotJob.class);

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    try {
      DigestScheduler scheduler = (DigestScheduler) context.getScheduler().getContext().get(DigestScheduler.CONTEXT_KEY);
      Slot slot = Slots.fromJobData(context.getMergedJobDataMap());
      Instant scheduledAt = Instant.ofEpochMilli(context.getMergedJobDataMap().containsKey(Slots.SCHEDULED_AT)
          ? context.getMergedJobDataMap().getLongValue(Slots.SCHEDULED_AT)
          : context.getScheduledFireTime().getTime());
      scheduler.fire(slot, scheduledAt);
    } catch (Exception e) {
      log.error("digest slot failed: {}", e.toString(), e);
      throw new JobExecutionException(e, false);
    }
  }
}
