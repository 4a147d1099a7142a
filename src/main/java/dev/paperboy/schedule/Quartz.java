package dev.paperboy.schedule;

import java.util.Properties;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;

/** Quartz schedulers configured for Paperboy. */
public final class Quartz {
  private Quartz() {}

  /**
   * An in-memory scheduler, for a single node: triggers are rebuilt from the subscribers at every
   * start, and missed slots are caught up by {@link DigestScheduler#catchUp}.
   */
  public static Scheduler inMemory(String name, int threads) throws SchedulerException {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", name);
    p.setProperty("org.quartz.scheduler.instanceId", "NON_CLUSTERED");
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
    p.setProperty("org.quartz.threadPool.threadNamePrefix", name + "-quartz");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
    return new StdSchedulerFactory(p).getScheduler();
  }
}
