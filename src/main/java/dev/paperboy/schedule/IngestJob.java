package dev.paperboy.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/** The Quartz job that ingests the configured sources. */
@DisallowConcurrentExecution
public final class IngestJob implements Job {
  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    try {
      ((DigestScheduler) context.getScheduler().getContext().get(DigestScheduler.CONTEXT_KEY)).ingestNow();
    } catch (Exception e) {
      throw new JobExecutionException(e, false);
    }
  }
}
