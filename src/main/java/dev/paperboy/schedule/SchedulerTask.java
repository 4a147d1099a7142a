package dev.paperboy.schedule;

import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/** A Quartz job that runs one of {@link DigestScheduler}'s tasks (ingest, prune) on this node. */
abstract class SchedulerTask implements Job {
  @Override
  public final void execute(JobExecutionContext context) throws JobExecutionException {
    try {
      run((DigestScheduler) context.getScheduler().getContext().get(DigestScheduler.CONTEXT_KEY));
    } catch (Exception e) {
      throw new JobExecutionException(e, false);
    }
  }

  abstract void run(DigestScheduler scheduler);
}
