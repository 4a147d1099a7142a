package dev.paperboy.schedule;

import org.quartz.DisallowConcurrentExecution;

/** The Quartz job that ingests the configured sources. */
@DisallowConcurrentExecution
public final class IngestJob extends SchedulerTask {
  @Override
  void run(DigestScheduler scheduler) {
    scheduler.ingestNow();
  }
}
