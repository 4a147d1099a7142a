package dev.paperboy.schedule;

import org.quartz.DisallowConcurrentExecution;

/** The Quartz job that deletes finished outbox rows older than storage.keep. */
@DisallowConcurrentExecution
public final class PruneJob extends SchedulerTask {
  @Override
  void run(DigestScheduler scheduler) {
    scheduler.pruneNow();
  }
}
