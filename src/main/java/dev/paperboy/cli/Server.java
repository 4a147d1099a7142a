package dev.paperboy.cli;

import dev.paperboy.catalog.IngestReport;
import dev.paperboy.catalog.Ingestion;
import dev.paperboy.config.ConfigException;
import dev.paperboy.config.PaperboyConfig;
import dev.paperboy.deliver.DigestCycle;
import dev.paperboy.deliver.Dispatcher;
import dev.paperboy.deliver.NodeHeartbeat;
import dev.paperboy.deliver.Retention;
import dev.paperboy.schedule.ChunkRunner;
import dev.paperboy.schedule.DigestScheduler;
import dev.paperboy.schedule.FileWatcher;
import dev.paperboy.schedule.Quartz;
import dev.paperboy.schedule.Signals;
import dev.paperboy.schedule.Slot;
import dev.paperboy.select.Audience;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.TopicFile;
import dev.paperboy.source.ParseContext;
import dev.paperboy.source.SourceException;
import dev.paperboy.source.SourceFormat;
import dev.paperboy.web.WebApp;
import dev.paperboy.storage.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code paperboy serve} runs: the digest slots and the ingest job on Quartz, the senders, the
 * subscriber web app, and the topic file kept in force while it changes. A topic file that turns invalid is rejected with its
 * problems and the previous one stays in force.
 */
public final class Server implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Server.class);
  static final Duration WATCH_INTERVAL = Duration.ofSeconds(5);
  /** Jobs a node runs at once: slots, composition chunks, ingest. */
  private static final int QUARTZ_THREADS = 2;

  private final AppContext app;
  private final Path topicsPath;
  private final AtomicReference<TopicFile> topics = new AtomicReference<>();
  private DigestCycle cycle;
  private Audience audience;
  private volatile DigestScheduler scheduler; // read by web threads (subscribersChanged)
  private Dispatcher dispatcher;
  private NodeHeartbeat heartbeat;
  private FileWatcher watcher;
  private WebApp web;

  public Server(AppContext app) {
    this.app = app;
    this.topicsPath = app.config().resolve(app.config().topics().file());
  }

  /** Starts everything; a broken configuration or topic file is a ConfigException and nothing is started. */
  public void start() throws Exception {
    try {
      startAll();
    } catch (Exception | Error e) {
      close(); // what did start (the web app's port, Quartz's threads) must not outlive a failed start
      throw e;
    }
  }

  private void startAll() throws Exception {
    PaperboyConfig config = app.config();
    topics.set(app.topicFile(topicsPath));
    app.renderer();
    cycle = app.cycle();
    audience = new Audience(app.database().jdbi(), app.clock());
    cycle.sync(topics.get());
    if (config.web().enabled()) {
      web = new WebApp(new WebApp.Services(config, app.database().jdbi(), app.outbox(), app.tokens(), app.links(),
          app.clock(), topics::get, this::subscribersChanged)).start();
    }

    dispatcher = app.dispatcher();
    heartbeat = new NodeHeartbeat(app.outbox(), dispatcher.nodeId(), dispatcher.startedAt(), app.clock());
    scheduler = newScheduler(config);
    if (!config.ingest().sources().isEmpty()) {
      scheduler.scheduleIngest(config.ingest().cron(), ZoneId.of(config.ingest().timezone()), this::ingest);
    }
    scheduler.schedulePrune(config.storage().prunes() ? config.storage().pruneCron() : null, this::prune);
    Set<Slot> slots = slots();
    DigestScheduler.Plan plan = scheduler.plan(slots);
    scheduler.start();
    int caughtUp = scheduler.catchUp(slots);
    dispatcher.start();
    watcher = new FileWatcher(topicsPath, WATCH_INTERVAL, this::reloadTopics);
    Signals.onHangup(watcher::reload);
    log.info("serving {} slots for {} ({} caught up); sending via {}", plan.slots(), topicsPath, caughtUp,
        config.delivery().transport());
  }

  /**
   * On H2, one node: Quartz in memory, slots composed where they fire. On PostgreSQL, a node of a
   * cluster (possibly of one): Quartz's clustered store in the same database, slots composed in chunks
   * by whichever nodes are free.
   */
  private DigestScheduler newScheduler(PaperboyConfig config) throws Exception {
    Duration maxAge = config.delivery().maxAge();
    if (app.database().dialect() != Database.Dialect.POSTGRESQL) {
      return new DigestScheduler(Quartz.inMemory("paperboy", QUARTZ_THREADS), this::runSlot, app.clock(), maxAge);
    }
    PaperboyConfig.Storage s = config.storage();
    var quartz = Quartz.clustered(s.url(), s.username(), s.password(), dispatcher.nodeId(), QUARTZ_THREADS,
        config.delivery().pollInterval());
    log.info("node {} joins the cluster of {}", dispatcher.nodeId(), s.url());
    return DigestScheduler.clustered(quartz, new ChunkRunner() {
      @Override
      public List<String> subscribers(Slot slot, Instant dueAt) {
        return slotSubscribers(slot, dueAt);
      }

      @Override
      public void compose(Slot slot, Instant dueAt, List<String> ids) {
        composeChunk(slot, dueAt, ids);
      }
    }, config.serve().chunkSize(), app.clock(), maxAge);
  }

  /** The slots of every active subscriber, the topic file's and the web's. */
  Set<Slot> slots() {
    Set<Slot> slots = new HashSet<>();
    audience.forEachActive(topics.get(), s -> slots.add(Slot.of(s)));
    return slots;
  }

  /** Re-reads the topic file; if it is broken, logs why and keeps the one in force. */
  public boolean reloadTopics() {
    TopicFile next;
    try {
      next = app.topicFile(topicsPath);
    } catch (ConfigException e) {
      log.error("{} rejected, the previous version stays in force:{}{}", topicsPath, System.lineSeparator(), e.getMessage());
      return false;
    }
    topics.set(next);
    try {
      cycle.sync(next);
      DigestScheduler.Plan plan = scheduler.plan(slots());
      log.info("{} reloaded: {} subscribers, {} slots ({} new, {} gone)", topicsPath, next.entries().size(),
          plan.slots(), plan.added(), plan.removed());
    } catch (Exception e) {
      log.error("applying the new {} failed: {}", topicsPath, e.toString(), e);
    }
    return true;
  }

  /** Re-plans the slots, for when subscribers change elsewhere (the web sign-up). */
  public void replan() throws Exception {
    scheduler.plan(slots());
  }

  /** The web app's callback: a confirm, unsubscribe or new send time may add or remove a slot. */
  private void subscribersChanged() {
    if (scheduler == null) return; // starting: the first plan will include them
    try {
      replan();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The web app, or null when web.enabled is false. */
  public WebApp web() {
    return web;
  }

  /** The ids of the slot's active subscribers, the topic file synced first (as a single node's slot does). */
  private List<String> slotSubscribers(Slot slot, Instant dueAt) {
    cycle.sync(topics.get());
    List<String> ids = new ArrayList<>();
    Predicate<Subscriber> in = inSlot(slot, dueAt);
    audience.forEachActive(topics.get(), s -> {
      if (in.test(s)) ids.add(s.id());
    });
    return ids;
  }

  /** The slot's subscribers as of its due time: who signed up on the web since waits for its next time. */
  private Predicate<Subscriber> inSlot(Slot slot, Instant dueAt) {
    Set<String> later = audience.joinedAfter(dueAt);
    return s -> slot.includes(s) && !later.contains(s.id());
  }

  private void composeChunk(Slot slot, Instant dueAt, List<String> ids) {
    LocalDate date = dueAt.atZone(slot.zone()).toLocalDate();
    var report = cycle.composeFor(topics.get(), ids, date, c -> {});
    log.info("slot {} for {}: chunk of {}: {} digests composed, {} queued", slot, date, ids.size(), report.composed(),
        report.queued());
  }

  private void runSlot(Slot slot, Instant scheduledAt) {
    LocalDate date = scheduledAt.atZone(slot.zone()).toLocalDate();
    var report = cycle.compose(topics.get(), new DigestCycle.Request(inSlot(slot, scheduledAt), date, false, false),
        c -> {});
    log.info("slot {} for {}: {} digests composed, {} queued", slot, date, report.composed(), report.queued());
  }

  private void prune() {
    try {
      Retention.Pruned p = app.retention().prune(app.config().storage().keep(), false, Dispatcher.Progress.NONE);
      log.info("pruned {} outbox rows dated before {} and {} bodies, {} refusals and {} complaints", p.outbox().rows(),
          p.outbox().before(), p.outbox().bodies(), p.refusals(), p.complaints());
    } catch (RuntimeException e) {
      log.error("pruning the outbox failed: {}", e.toString(), e);
    }
  }

  private void ingest() {
    Ingestion ingestion = app.ingestion();
    LocalDate today = LocalDate.now(app.clock().withZone(ZoneId.of(app.config().ingest().timezone())));
    for (String source : app.config().ingest().sources()) {
      try {
        IngestReport r = ingestion.ingest(source, SourceFormat.AUTO, new ParseContext(today, false));
        log.info("ingest {}", r.summary());
      } catch (SourceException e) {
        log.error("ingest failed: {}", e.getMessage());
      } catch (RuntimeException e) {
        log.error("ingest of {} failed: {}", source, e.toString(), e);
      }
    }
  }

  public Dispatcher dispatcher() {
    return dispatcher;
  }

  public DigestScheduler scheduler() {
    return scheduler;
  }

  /** Stops cleanly: no new slots fire, running ones finish, senders finish their message in flight and give back the rest. */
  @Override
  public void close() {
    if (web != null) web.close(); // first: no new sign-ups or unsubscribes while the rest stops
    if (watcher != null) watcher.close();
    try {
      if (scheduler != null) scheduler.close();
    } catch (Exception e) {
      log.warn("stopping the scheduler: {}", e.toString());
    }
    if (dispatcher != null) dispatcher.stop();
    if (heartbeat != null) heartbeat.close();
    log.info("stopped");
  }
}
