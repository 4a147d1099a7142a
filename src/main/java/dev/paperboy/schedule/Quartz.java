package dev.paperboy.schedule;

import java.time.Duration;
import java.util.Properties;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;

/** Quartz schedulers configured for Paperboy. */
public final class Quartz {
  /**
   * The scheduler name every node of a cluster shares: Quartz's tables key their rows by it (the
   * PostgreSQL migration creates its lock rows).
   */
  public static final String CLUSTER_NAME = "paperboy";
  /** How often a clustered node checks in; a node silent for about twice this is failed over. */
  static final Duration CHECKIN_INTERVAL = Duration.ofMillis(7500);
  static final Duration MISFIRE_THRESHOLD = Duration.ofSeconds(10);

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

  /**
   * A node of a cluster: Quartz's JDBC job store with {@code isClustered} in the PostgreSQL database
   * Paperboy uses (its tables come from the PostgreSQL migrations), through a small HikariCP pool of
   * Quartz's own so that busy senders never hold up a check-in. Each trigger fires on one node only;
   * the jobs a dead node was running (and that request recovery) are run again by another.
   *
   * @param nodeId   the Quartz instance id: unique within the cluster (serve.node_id)
   * @param idleWait how often an idle node looks for triggers that other nodes scheduled (at least 1 s,
   *                 Quartz's minimum); a node is told at once only about the triggers it scheduled itself
   */
  public static Scheduler clustered(String jdbcUrl, String user, String password, String nodeId, int threads,
      Duration idleWait) throws SchedulerException {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", CLUSTER_NAME);
    p.setProperty("org.quartz.scheduler.instanceId", nodeId);
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.scheduler.idleWaitTime", Long.toString(Math.max(1000, idleWait.toMillis())));
    p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
    p.setProperty("org.quartz.threadPool.threadNamePrefix", CLUSTER_NAME + "-quartz");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(CHECKIN_INTERVAL.toMillis()));
    // job data as strings only: nothing Java-serialised in the database
    p.setProperty("org.quartz.jobStore.useProperties", "true");
    // A slot trigger this late is a misfire, fired once as soon as a node can (see DigestScheduler); the
    // misfire scan runs this often on each node, so a new slot's missed time is caught up within it.
    p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(MISFIRE_THRESHOLD.toMillis()));
    p.setProperty("org.quartz.jobStore.dataSource", "paperboy");
    p.setProperty("org.quartz.dataSource.paperboy.provider", "hikaricp"); // the default, c3p0, is not shipped
    p.setProperty("org.quartz.dataSource.paperboy.driver", "org.postgresql.Driver");
    p.setProperty("org.quartz.dataSource.paperboy.URL", jdbcUrl);
    p.setProperty("org.quartz.dataSource.paperboy.user", user);
    p.setProperty("org.quartz.dataSource.paperboy.password", password);
    // Quartz's advice: worker threads + 3 (scheduler thread, cluster manager, misfire handler)
    p.setProperty("org.quartz.dataSource.paperboy.maxConnections", Integer.toString(threads + 3));
    return new StdSchedulerFactory(p).getScheduler();
  }
}
