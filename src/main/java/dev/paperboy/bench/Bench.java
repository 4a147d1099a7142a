package dev.paperboy.bench;

import dev.paperboy.catalog.Catalog;
import dev.paperboy.cli.AppContext;
import dev.paperboy.config.PaperboyConfig;
import dev.paperboy.deliver.Composer;
import dev.paperboy.deliver.DigestCycle;
import dev.paperboy.deliver.DigestPersonaliser;
import dev.paperboy.deliver.Dispatcher;
import dev.paperboy.deliver.MailTransport;
import dev.paperboy.deliver.MailTransports;
import dev.paperboy.deliver.MessageBuilder;
import dev.paperboy.deliver.Outbox;
import dev.paperboy.deliver.OutboxRow;
import dev.paperboy.deliver.SendFailure;
import dev.paperboy.render.RenderCache;
import dev.paperboy.select.Audience;
import dev.paperboy.select.Prefs;
import dev.paperboy.select.Selector;
import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.SubscriberStore;
import dev.paperboy.select.TopicFile;
import dev.paperboy.source.ParsedSource;
import dev.paperboy.storage.Database;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The benchmark behind {@code paperboy bench}: a reproducible audience and catalog, then each stage
 * measured on its own through the real code.
 *
 * <ol>
 *   <li><b>setup</b> (not measured): {@code days - 1} synthetic listing days ingested, each at its own
 *       06:00 UTC; N web subscribers stored with their preferences, the topic file holding the named topics;
 *       with {@code historyDays}, that many days of past digests for each ({@link PastDigests}). Then
 *       the store is settled (H2 compacted, PostgreSQL vacuumed) and the phases below run on an
 *       application opened afresh.
 *   <li><b>compose</b>: {@link DigestCycle#compose} for everyone at noon UTC of the day before the last: the
 *       web subscribers streamed from the store, selection, rendering (HTML and text), each subscriber's
 *       values spliced in and encoded ({@link PersonalisedCount}); nothing written. First digests for everyone,
 *       unless there are past digests.
 *       A first pass (composeCold) in the new JVM, then {@code warmPasses} more, the fastest reported.
 *   <li><b>queue</b>: the same again from cold, into the outbox (what {@code send} does).
 *   <li><b>ceiling</b>: pre-built messages of the queued rows pushed through the same {@link MailTransports}
 *       (Angus, one connection per sender thread) with no outbox: what the sender path alone can do.
 *       A first pass (ceilingCold) compiles the writing path, then {@code warmPasses} more, the fastest reported.
 *   <li><b>deliver</b>: {@link Dispatcher#drain} of the composed rows into the sink. First deliverCold, the
 *       first time this JVM runs the sender path, then {@code warmPasses} times the same rows queued again
 *       and delivered, the fastest reported.
 *   <li><b>cycle</b>: the last day ingested, then what {@code serve} does for a slot: the senders running
 *       while {@link DigestCycle#compose} queues; every subscriber now has a history (previous window,
 *       sent papers; what queue composed counts as delivered, by deliver or, without it, marked sent).
 *       Timed until the last message is recorded sent.
 * </ol>
 * Each phase reports its CPU time in all and by thread group ({@code cpuByThread}, {@link ThreadCpu}).
 */
public final class Bench {
  public enum Phase {
    COMPOSE, QUEUE, CEILING, DELIVER, CYCLE, PRUNE
  }

  /**
   * @param storageUrl null: a new H2 file database in the work folder
   */
  public record Options(int subscribers, int days, int historyDays, String sink, int senders, int recordBatch,
      long seed, Set<Phase> phases, String storageUrl, String storageUser, String storagePassword, int ceilingPool,
      int warmPasses) {
    public Options {
      if (historyDays < 0) throw new IllegalArgumentException("--history-days must be 0 or more");
      if (warmPasses < 1) throw new IllegalArgumentException("--warm-passes must be at least 1");
      if (subscribers < 1) throw new IllegalArgumentException("--subscribers must be at least 1");
      if (days < 2) throw new IllegalArgumentException("--days must be at least 2 (compose on one day, the cycle on the next)");
      if (senders < 1) throw new IllegalArgumentException("--senders must be at least 1");
      if (recordBatch < 1) throw new IllegalArgumentException("--record-batch must be at least 1");
      phases = phases.isEmpty() ? EnumSet.noneOf(Phase.class) : EnumSet.copyOf(phases);
      // without queue they would have nothing to send and report zeros as if measured
      if ((phases.contains(Phase.CEILING) || phases.contains(Phase.DELIVER)) && !phases.contains(Phase.QUEUE)) {
        throw new IllegalArgumentException("--phases: ceiling and deliver send what the queue phase composed: add queue");
      }
    }

    /**
     * Warm passes when none are asked for: enough for {@link #WARM_ITEMS} items after the cold pass,
     * at least 3 and at most 10. The JIT settles after a number of messages, not of passes: at 20k,
     * deliver kept getting faster until its sixth or seventh warm pass (C2 still compiling and
     * recompiling the sender path, ~2 CPU-s a pass, a quarter of the machine), at 100k one pass is that long.
     */
    public static int defaultWarmPasses(int subscribers) {
      int perPass = Math.max(1, subscribers);
      long passes = (WARM_ITEMS + perPass - 1) / perPass;
      return (int) Math.max(3, Math.min(10, passes));
    }
  }

  /** Messages (or digests) the warm passes handle in all by default: see {@link Options#defaultWarmPasses}. */
  public static final int WARM_ITEMS = 200_000;

  /** How a phase shows its progress (stderr in the CLI; nothing in tests). */
  public interface Reporter {
    Reporter NONE = new Reporter() {
      @Override
      public Dispatcher.Progress start(String phase) {
        return Dispatcher.Progress.NONE;
      }

      @Override
      public void finish() {}

      @Override
      public void note(String text) {}
    };

    Dispatcher.Progress start(String phase);

    void finish();

    void note(String text);
  }

  /** The last synthetic listing day: fixed, so every run selects the same way. */
  static final LocalDate LAST_DAY = LocalDate.of(2026, 3, 13);
  /** Thread groups reported in each phase's cpuByThread, the busiest; the rest as "other". */
  static final int THREAD_GROUPS = 10;
  static final String SECRET = "bench:paperboy-bench-secret-not-for-production";

  private final Options options;
  private final Path assets;
  private final Reporter reporter;
  private final BenchClock clock = new BenchClock();
  private Path workDir;
  private Sink sink;
  /** The last row of the past digests ({@link PastDigests}); 0 without them. Later rows are the benchmark's. */
  private long historyMaxId;

  public Bench(Options options, Path assets, Reporter reporter) {
    this.options = options;
    this.assets = assets;
    this.reporter = reporter;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * Starts the sink and makes the work folder; the environment (PAPERBOY_* variables) of the
   * application the benchmark runs: {@code base} with storage, topic file, templates, SMTP and
   * delivery settings of the benchmark on top.
   */
  public Map<String, String> prepare(Map<String, String> base) throws IOException {
    workDir = Files.createTempDirectory("paperboy-bench-");
    sink = Sink.of(options.sink());
    Map<String, String> env = new HashMap<>(base);
    if (options.storageUrl() != null) {
      env.put("PAPERBOY_STORAGE_URL", options.storageUrl());
      if (options.storageUser() != null) env.put("PAPERBOY_STORAGE_USERNAME", options.storageUser());
      if (options.storagePassword() != null) env.put("PAPERBOY_STORAGE_PASSWORD", options.storagePassword());
    } else if (!env.containsKey("PAPERBOY_STORAGE_URL")) {
      env.put("PAPERBOY_STORAGE_URL", "jdbc:h2:file:" + workDir.resolve("paperboy"));
      env.put("PAPERBOY_STORAGE_USERNAME", "sa");
      env.put("PAPERBOY_STORAGE_PASSWORD", "");
    }
    // the phases run on an application opened afresh after the setup, and a memory database ends with the first
    if (env.get("PAPERBOY_STORAGE_URL").toLowerCase(java.util.Locale.ROOT).startsWith("jdbc:h2:mem:")) {
      String source = options.storageUrl() != null ? "--storage-url" : "PAPERBOY_STORAGE_URL";
      throw new IllegalArgumentException(source + ": an in-memory H2 database does not outlive the benchmark's"
          + " setup; give a file (jdbc:h2:file:...)");
    }
    env.put("PAPERBOY_TOPICS_FILE", workDir.resolve("topics.yaml").toString());
    env.put("PAPERBOY_TEMPLATES_DIR", assets.resolve("templates").toString());
    env.put("PAPERBOY_WEB_SECRETS", SECRET);
    env.put("PAPERBOY_WEB_BASE_URL", "https://paperboy.example.org");
    env.put("PAPERBOY_DELIVERY_TRANSPORT", "smtp");
    env.put("PAPERBOY_DELIVERY_SENDERS", Integer.toString(options.senders()));
    env.put("PAPERBOY_DELIVERY_RECORD_BATCH", Integer.toString(options.recordBatch()));
    env.put("PAPERBOY_DELIVERY_POLL_INTERVAL", "100ms");
    env.put("PAPERBOY_DELIVERY_RATE_PER_SECOND", "0");
    env.put("PAPERBOY_DELIVERY_RATE_PER_WINDOW", "0");
    env.put("PAPERBOY_SMTP_HOST", sink.host());
    env.put("PAPERBOY_SMTP_PORT", Integer.toString(sink.port()));
    env.put("PAPERBOY_SMTP_SECURITY", "none");
    env.put("PAPERBOY_SMTP_USERNAME", "");
    return env;
  }

  /** Opens the application the benchmark runs: {@link #prepare}'s environment, {@link #clock()}. */
  @FunctionalInterface
  public interface Apps {
    AppContext open();
  }

  /** What the setup leaves for the measured phases. */
  private record Setup(SampleCatalog samples, List<LocalDate> dates, int[] uses, Instant composeAt) {}

  /**
   * Everything: the setup on one application, then the store settled and the phases measured on a
   * second one, opened on it afresh as a restarted {@code serve} would be.
   */
  public Map<String, Object> run(Apps apps) throws IOException {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("subscribers", options.subscribers());
    result.put("days", options.days());
    result.put("historyDays", options.historyDays());
    result.put("seed", options.seed());
    result.put("sink", sink.name());
    result.put("senders", options.senders());
    result.put("recordBatch", options.recordBatch());
    result.put("maxHeapMb", mb(HeapWatch.maxHeapBytes()));
    result.put("collector", HeapWatch.collector());
    result.put("processors", Runtime.getRuntime().availableProcessors());
    result.put("loadAverageAtStart", loadAverage());
    Setup setup;
    try (AppContext app = apps.open()) {
      result.put("storage", app.database().dialect().name().toLowerCase(java.util.Locale.ROOT));
      Map<String, Object> setupFigures = new LinkedHashMap<>();
      result.put("setup", setupFigures);
      setup = setUp(app, setupFigures);
      settle(app, setupFigures);
    }
    try (AppContext app = apps.open()) {
      measure(app, setup, result);
    }
    result.put("loadAverageAtEnd", loadAverage());
    return result;
  }

  /**
   * Leaves the store as a running installation has it at composition time rather than straight after a
   * bulk load. The setup writes in minutes what an installation writes over weeks (with a month of
   * history at 100k, H2 wrote 18 GB for 3 million rows, its chunks a third full), and H2's background
   * writer then spends the measured phases rewriting it (compose at 100k: 7,900-9,000/s while it did,
   * 9,600-10,300/s once it was done); on a running installation that happens between one day's
   * writes and the next day's composition. H2 is compacted (SHUTDOWN COMPACT, as {@code prune
   * --compact}); PostgreSQL gets the VACUUM ANALYZE that autovacuum would have run.
   */
  private void settle(AppContext app, Map<String, Object> setup) {
    long t0 = System.nanoTime();
    long written0 = DiskWrites.read();
    Database db = app.database();
    if (db.dialect() == Database.Dialect.POSTGRESQL) {
      reporter.note("settle: VACUUM ANALYZE");
      db.jdbi().useHandle(h -> h.execute("VACUUM ANALYZE"));
    } else if (db.h2File().isPresent()) {
      reporter.note("settle: compacting the H2 file (SHUTDOWN COMPACT)");
      db.compact().ifPresentOrElse(c -> {
        setup.put("h2FileBytesBeforeSettle", c.bytesBefore());
        setup.put("h2FileBytes", c.bytesAfter());
      }, () -> {
        throw new BenchException("the benchmark's database is open elsewhere: it cannot be compacted");
      });
    }
    setup.put("settleSeconds", seconds(System.nanoTime() - t0));
    putWritten(setup, "settleDiskWriteMb", written0, DiskWrites.read());
  }

  /** The MB written to storage between two {@link DiskWrites#read}s, where the kernel tells (else nothing). */
  private static void putWritten(Map<String, Object> m, String key, long from, long to) {
    if (from >= 0 && to >= 0) m.put(key, mb(to - from));
  }

  /** Every day but the last, the topic file, the audience and, with --history-days, their past digests. */
  private Setup setUp(AppContext app, Map<String, Object> setup) throws IOException {
    requireEmpty(app.database());
    SampleCatalog samples = SampleCatalog.load(assets.resolve("samples"));
    List<LocalDate> dates = new ArrayList<>();
    for (int k = 0; k < options.days(); k++) dates.add(LAST_DAY.minusDays(options.days() - 1 - k));
    int[] uses = new int[samples.poolSize()];

    long t0 = System.nanoTime();
    long written0 = DiskWrites.read();
    reporter.note("setup: " + (options.days() - 1) + " listing days, " + options.subscribers() + " subscribers");
    List<String> likeable = new ArrayList<>();
    for (int k = 0; k < options.days() - 1; k++) {
      ParsedSource day = samples.day(k, dates.get(k), options.seed(), uses);
      ingest(app, day, dates.get(k));
      if (k >= options.days() - 3) day.papers().stream().limit(10).forEach(p -> likeable.add(p.arxivId()));
    }
    Population population = new Population(options.seed(), samples.pool(), likeable);
    Path topicsFile = app.config().resolve(app.config().topics().file());
    Files.writeString(topicsFile, "# paperboy bench: the named topics; the subscribers are web subscribers in the store\n"
        + population.topicsYaml() + "subscribers: []\n");
    TopicFile file = app.topicFile();
    storeSubscribers(app.database(), population, file);
    Instant composeAt = dates.get(options.days() - 2).atTime(12, 0).toInstant(ZoneOffset.UTC);
    long pastRows = 0;
    if (options.historyDays() > 0) {
      Dispatcher.Progress progress = reporter.start("history");
      pastRows = new PastDigests(app.database(), app.outbox(), app.links(), options.seed())
          .store(options.subscribers(), population::subscriber, options.historyDays(), composeAt, progress);
      reporter.finish();
      historyMaxId = app.database().jdbi().withHandle(h -> h.createQuery("SELECT MAX(id) FROM outbox")
          .mapTo(Long.class).one());
    }
    setup.put("seconds", seconds(System.nanoTime() - t0));
    setup.put("samplePapers", samples.poolSize());
    setup.put("listingDays", options.days() - 1);
    setup.put("namedTopics", population.namedTopics().size());
    setup.put("pastDigests", pastRows);
    putWritten(setup, "diskWriteMb", written0, DiskWrites.read());
    return new Setup(samples, dates, uses, composeAt);
  }

  /** The phases asked for, each on its own. */
  private void measure(AppContext app, Setup s, Map<String, Object> result) throws IOException {
    SampleCatalog samples = s.samples();
    List<LocalDate> dates = s.dates();
    int[] uses = s.uses();
    Instant composeAt = s.composeAt();
    TopicFile file = app.topicFile();
    Outbox outbox = app.outbox();
    Instant cycleAt = dates.get(options.days() - 1).atTime(12, 0).toInstant(ZoneOffset.UTC);

    // ---- compose: select and render for everyone, nothing written
    if (options.phases().contains(Phase.COMPOSE)) {
      // the first pass in a new JVM pays for class loading and JIT compilation (at 100k a third of its CPU
      // time); each later one, with new selection and render caches, is what a running server does
      passes(result, "compose", "digestsPerSecond", () -> {
        clock.set(composeAt);
        return compose(app, file, false);
      });
    }

    // ---- queue: the same composition into the outbox, which the next phases deliver
    if (options.phases().contains(Phase.QUEUE)) {
      clock.set(composeAt);
      result.put("queue", compose(app, file, true));
    }

    // ---- ceiling: before deliver, while the rows are still queued. Passes like compose and deliver: the
    // first (ceilingCold) pays for JIT-compiling the writing path
    if (options.phases().contains(Phase.CEILING)) {
      passes(result, "ceiling", "messagesPerSecond", () -> ceiling(app, outbox));
    }

    // ---- deliver: passes over the same rows. The first (deliverCold) is the first time this JVM runs the
    // sender path (claims, H2 statements, personalising, building): at 20k messages C2 compiling took
    // about a third of its CPU. Before each later pass every row is put back as it was queued.
    if (options.phases().contains(Phase.DELIVER)) {
      long sentBefore = sentRows(app.database());
      AtomicLong passNo = new AtomicLong();
      passes(result, "deliver", "messagesPerSecond", () -> {
        if (passNo.getAndIncrement() > 0) requeueSent(app.database(), sentBefore);
        return deliver(app, outbox);
      });
      ratio(result, "ceilingCold", "deliverCold", "deliverColdToCeilingCold");
      ratio(result, "ceiling", "deliver", "deliverToCeiling");
    }

    // ---- cycle
    if (options.phases().contains(Phase.CYCLE)) {
      // the day before delivered, as deliver leaves it: without it the queue phase's rows would still be
      // queued, and the cycle's senders would expire them (delivery.max_age) as failures
      if (!options.phases().contains(Phase.DELIVER)) markQueuedSent(app.database());
      ParsedSource last = samples.day(options.days() - 1, dates.get(options.days() - 1), options.seed(), uses);
      ingest(app, last, dates.get(options.days() - 1));
      clock.set(cycleAt);
      result.put("cycle", cycle(app, outbox, file));
    }
    // ---- prune: last, since it deletes what the other phases read; with --history-days over 40 it has rows to delete
    if (options.phases().contains(Phase.PRUNE)) {
      clock.set(cycleAt);
      result.put("prune", prune(app, outbox));
    }
  }

  // ------------------------------------------------------------------------------------- phases

  /**
   * A phase run 1 + {@code options.warmPasses()} times in this JVM: {@code <name>Cold} is the first pass,
   * {@code <name>} the fastest of the others (on a shared machine other work only ever slows a pass down)
   * and {@code <name>Passes} all of them in order. One warm pass is not enough, nor three at 20k: C2
   * kept compiling the sender path for ~140,000 messages ({@link Options#defaultWarmPasses}).
   */
  private void passes(Map<String, Object> result, String name, String rateKey, Supplier<Map<String, Object>> pass) {
    result.put(name + "Cold", pass.get());
    List<Map<String, Object>> warm = new ArrayList<>();
    Map<String, Object> best = null;
    for (int i = 0; i < options.warmPasses(); i++) {
      Map<String, Object> m = pass.get();
      warm.add(m);
      if (best == null || rate(m, rateKey) > rate(best, rateKey)) best = m;
    }
    List<Double> rates = warm.stream().map(m -> rate(m, rateKey)).toList();
    Map<String, Object> reported = new LinkedHashMap<>(best);
    reported.put("warmPassRates", rates);
    result.put(name, reported);
    result.put(name + "Passes", warm);
  }

  private static double rate(Map<String, Object> m, String rateKey) {
    Object v = m.get(rateKey);
    return v instanceof Number n ? n.doubleValue() : 0;
  }

  /**
   * serve's daily retention job with the shortest storage.keep: rows/s, and the size of the H2 file
   * before and after (-1 in PostgreSQL).
   */
  private Map<String, Object> prune(AppContext app, Outbox outbox) {
    long fileBefore = h2FileBytes(app);
    Dispatcher.Progress progress = reporter.start("prune");
    PhaseWatch watch = new PhaseWatch();
    long t0 = System.nanoTime();
    long cpu0 = processCpuNanos();
    Outbox.Pruned pruned = outbox.prune(PaperboyConfig.Storage.MIN_KEEP, false, progress);
    long elapsed = System.nanoTime() - t0;
    long cpu = processCpuNanos() - cpu0;
    watch.stop();
    reporter.finish();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("keepDays", PaperboyConfig.Storage.MIN_KEEP.toDays());
    m.put("before", pruned.before().toString());
    m.put("rows", pruned.rows());
    m.put("bodies", pruned.bodies());
    m.put("rowsLeft", app.database().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM outbox")
        .mapTo(Long.class).one()));
    m.put("seconds", seconds(elapsed));
    m.put("rowsPerSecond", perSecond(pruned.rows(), elapsed));
    putCpu(m, pruned.rows(), cpu);
    watch.putInto(m);
    long fileAfter = h2FileBytes(app);
    m.put("h2FileMbBefore", fileBefore < 0 ? -1 : mb(fileBefore));
    m.put("h2FileMbAfter", fileAfter < 0 ? -1 : mb(fileAfter));
    return m;
  }

  private static long h2FileBytes(AppContext app) {
    try {
      Optional<Path> file = app.database().h2File();
      return file.isPresent() && Files.exists(file.get()) ? Files.size(file.get()) : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /** What {@link AppContext#cycle()} makes, with a render cache whose counters the report shows. */
  private DigestCycle digestCycle(AppContext app, RenderCache renders) {
    return new DigestCycle(app.outbox(), new Audience(app.database().jdbi(), clock), Selector.over(app.database().jdbi()),
        renders, app.links(), clock);
  }

  /**
   * {@link DigestCycle#compose} for everyone, from a cold start (a new selection and render cache):
   * into the outbox when {@code queue}, else into a {@link PersonalisedCount} that finishes every
   * subscriber's HTML and text (their own values spliced in, encoded) and drops them.
   */
  private Map<String, Object> compose(AppContext app, TopicFile file, boolean queue) {
    RenderCache renders = new RenderCache(app.renderer());
    DigestCycle cycle = digestCycle(app, renders);
    PersonalisedCount counted = new PersonalisedCount(app.links());
    Composer.Store store = queue ? app.outbox()::enqueueAll : counted;
    Dispatcher.Progress progress = reporter.start(queue ? "queue" : "compose");
    AtomicLong n = new AtomicLong();
    long total = options.subscribers();
    PhaseWatch watch = new PhaseWatch();
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    Composer.Report report = cycle.compose(file, new DigestCycle.Request(s -> true, null, false, false),
        c -> progress.update(n.incrementAndGet(), total), store);
    long elapsed = System.nanoTime() - t0;
    long cpu = processCpuNanos() - cpu0;
    watch.stop();
    reporter.finish();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("digests", report.composed());
    m.put("empty", report.empty());
    m.put("queued", report.queued());
    if (!queue) m.put("personalisedBytes", counted.bytes());
    m.put("seconds", seconds(elapsed));
    m.put("digestsPerSecond", perSecond(report.composed(), elapsed));
    putCpu(m, report.composed(), cpu);
    watch.putInto(m);
    RenderCache.Stats stats = renders.stats();
    m.put("renders", stats.misses());
    m.put("rendersShared", stats.hits());
    if (cycle.lastRun() != null) m.put("selectionsShared", cycle.lastRun().sharedSelections());
    return m;
  }

  private Map<String, Object> ceiling(AppContext app, Outbox outbox) {
    int count = (int) Math.min(options.subscribers(), outbox.countDue(clock.instant()));
    int poolSize = Math.max(options.senders(), Math.min(count, options.ceilingPool()));
    List<OutboxRow> rows = app.database().jdbi().withHandle(h -> h.createQuery(
            "SELECT id FROM outbox WHERE status = 'queued' ORDER BY id LIMIT :n").bind("n", poolSize)
        .mapTo(Long.class).list()).stream().map(id -> outbox.find(id).orElseThrow()).toList();
    if (rows.isEmpty() || count == 0) return Map.of("messages", 0);
    MessageBuilder builder = app.messageBuilder();
    DigestPersonaliser personaliser = new DigestPersonaliser(app.links());
    Map<Long, dev.paperboy.deliver.DigestBody> bodies = new HashMap<>();
    List<MimeMessage> messages = new ArrayList<>(rows.size());
    long bytes = 0;
    try {
      for (OutboxRow row : rows) {
        var body = bodies.computeIfAbsent(row.bodyId(), outbox::body);
        MimeMessage m = builder.build(row, personaliser.content(body, row), clock.instant());
        messages.add(m);
        bytes += size(m);
      }
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException("building the ceiling's messages: " + e.getMessage(), e);
    }
    MailTransports transports = MailTransports.fromConfig(app.config());
    int senders = options.senders();
    Dispatcher.Progress progress = reporter.start("ceiling");
    AtomicLong done = new AtomicLong();
    AtomicReference<Throwable> error = new AtomicReference<>();
    SinkCount received0 = sinkCount();
    PhaseWatch watch = new PhaseWatch();
    long t0 = System.nanoTime();
    long cpu0 = processCpuNanos();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < senders; t++) {
      int index = t;
      Thread thread = new Thread(() -> {
        try (MailTransport transport = transports.open()) {
          // each thread its own messages: a MimeMessage is not for two writers at once
          List<Integer> mine = new ArrayList<>();
          for (int i = index; i < messages.size(); i += senders) mine.add(i);
          int k = 0;
          for (long i = index; i < count; i += senders) {
            int j = mine.get(k++ % mine.size());
            OutboxRow row = rows.get(j);
            transport.send(messages.get(j), builder.envelopeFrom(row), List.of(row.email()));
            long d = done.incrementAndGet();
            progress.update(d, count);
          }
        } catch (SendFailure | RuntimeException e) {
          error.compareAndSet(null, e);
        }
      }, "bench-ceiling-" + t);
      threads.add(thread);
      thread.start();
    }
    join(threads);
    long elapsed = System.nanoTime() - t0;
    long cpu = processCpuNanos() - cpu0;
    watch.stop();
    reporter.finish();
    if (error.get() != null) throw new IllegalStateException("ceiling: " + error.get(), error.get());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("messages", done.get());
    putReceived(m, received0);
    m.put("distinctMessages", messages.size());
    m.put("averageBytes", bytes / messages.size());
    m.put("seconds", seconds(elapsed));
    m.put("messagesPerSecond", perSecond(done.get(), elapsed));
    putCpu(m, done.get(), cpu);
    watch.putInto(m);
    return m;
  }

  private Map<String, Object> deliver(AppContext app, Outbox outbox) {
    Dispatcher dispatcher = app.dispatcher();
    long due = outbox.countDue(clock.instant());
    Dispatcher.Progress progress = reporter.start("deliver");
    SinkCount received0 = sinkCount();
    PhaseWatch watch = new PhaseWatch();
    long t0 = System.nanoTime();
    long cpu0 = processCpuNanos();
    Dispatcher.Summary summary = dispatcher.drain(progress);
    long elapsed = System.nanoTime() - t0;
    long cpu = processCpuNanos() - cpu0;
    watch.stop();
    reporter.finish();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("due", due);
    m.put("messages", summary.sent());
    m.put("failed", summary.failed() + summary.retrying() + summary.expired());
    putReceived(m, received0);
    m.put("seconds", seconds(elapsed));
    m.put("messagesPerSecond", perSecond(summary.sent(), elapsed));
    putCpu(m, summary.sent(), cpu);
    watch.putInto(m);
    return m;
  }

  private Map<String, Object> cycle(AppContext app, Outbox outbox, TopicFile file) {
    RenderCache renders = new RenderCache(app.renderer());
    DigestCycle cycle = digestCycle(app, renders);
    Dispatcher dispatcher = app.dispatcher();
    Dispatcher.Progress progress = reporter.start("cycle");
    long total = options.subscribers();
    AtomicLong n = new AtomicLong();
    SinkCount received0 = sinkCount();
    PhaseWatch watch = new PhaseWatch();
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    dispatcher.start();
    Composer.Report report;
    long composeNanos;
    try {
      report = cycle.compose(file, new DigestCycle.Request(s -> true, null, false, false),
          c -> progress.update(n.incrementAndGet(), total));
      composeNanos = System.nanoTime() - t0;
      // what is left once composition is over: the senders catch up, until every row is sent and recorded
      long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
      while (unfinished(app.database(), clock.instant()) > 0 && System.nanoTime() < deadline) sleep(20);
    } finally {
      dispatcher.stop();
    }
    long elapsed = System.nanoTime() - t0;
    watch.stop();
    reporter.finish();
    Dispatcher.Counters c = dispatcher.counters();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("digests", report.composed());
    m.put("empty", report.empty());
    m.put("queued", report.queued());
    m.put("messages", c.sent());
    m.put("failed", c.failed() + c.retried() + c.expired());
    putReceived(m, received0);
    m.put("composeSeconds", seconds(composeNanos));
    m.put("renders", renders.stats().misses());
    m.put("seconds", seconds(elapsed));
    m.put("digestsPerSecond", perSecond(report.composed(), elapsed));
    putCpu(m, report.composed(), processCpuNanos() - cpu0);
    watch.putInto(m);
    return m;
  }

  /**
   * Rows due or being sent (sent but not yet recorded included); retries waiting for later do not count.
   * Two counts on the status index: with OR, H2 read the whole outbox at every look.
   */
  private static int unfinished(Database db, Instant now) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT (SELECT COUNT(*) FROM outbox WHERE status = 'sending')"
            + " + (SELECT COUNT(*) FROM outbox WHERE status = 'queued' AND next_attempt_at <= :now)")
        .bind("now", java.time.OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).mapTo(Integer.class).one());
  }

  private static void ratio(Map<String, Object> result, String ceiling, String deliver, String key) {
    if (result.get(ceiling) instanceof Map<?, ?> c && result.get(deliver) instanceof Map<?, ?> d) {
      double ratio = ((Number) d.get("messagesPerSecond")).doubleValue() / ((Number) c.get("messagesPerSecond")).doubleValue();
      result.put(key, round(ratio, 3));
    }
  }

  private long sentRows(Database db) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND id > :past")
        .bind("past", historyMaxId).mapTo(Long.class).one());
  }

  /**
   * The rows the deliver pass sent, queued again as composition left them (attempts 0, no lease, not
   * sent), so that the next pass does exactly the same work. Only when nothing but the past digests
   * ({@link PastDigests}) was sent before deliver (the benchmark's own database).
   */
  private void requeueSent(Database db, long sentBefore) {
    if (sentBefore != 0) throw new IllegalStateException("rows were sent before deliver: cannot requeue");
    java.time.OffsetDateTime now = java.time.OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    db.jdbi().useHandle(h -> h.createUpdate("UPDATE outbox SET status = 'queued', attempts = 0, sent_at = NULL,"
            + " sent_by = NULL, lease_owner = NULL, lease_until = NULL, next_attempt_at = :now, updated_at = :now"
            + " WHERE status = 'sent' AND id > :past")
        .bind("now", now).bind("past", historyMaxId).execute());
  }

  /** Rows composed by the measured phases and still queued, recorded as sent now (with one attempt). */
  private void markQueuedSent(Database db) {
    java.time.OffsetDateTime now = java.time.OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    db.jdbi().useHandle(h -> h.createUpdate("UPDATE outbox SET status = 'sent', attempts = 1, sent_at = :now,"
            + " updated_at = :now WHERE status = 'queued' AND id > :past")
        .bind("now", now).bind("past", historyMaxId).execute());
  }

  // ------------------------------------------------------------------------------------- setup

  private void ingest(AppContext app, ParsedSource day, LocalDate date) {
    clock.set(date.atTime(6, 0).toInstant(ZoneOffset.UTC));
    new Catalog(app.database().jdbi(), clock).ingest(day);
  }

  private void storeSubscribers(Database db, Population population, TopicFile file) {
    int n = options.subscribers();
    int batch = 2000;
    Instant now = clock.instant();
    Dispatcher.Progress progress = reporter.start("subscribers");
    for (int from = 0; from < n; from += batch) {
      int to = Math.min(n, from + batch);
      List<StoredSubscriber> rows = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        Subscriber s = population.subscriber(i);
        rows.add(new StoredSubscriber(id(i), s.email(), s.name(), Subscriber.Origin.WEB, StoredSubscriber.Status.ACTIVE,
            Prefs.write(s, file), now, now, now, null));
      }
      db.jdbi().useTransaction(h -> new SubscriberStore(h).insert(rows));
      progress.update(to, n);
    }
    reporter.finish();
  }

  /** Subscriber i's id: 26 base32 characters like the store's, but reproducible. */
  static String id(int i) {
    return String.format(java.util.Locale.ROOT, "bench%021d", i);
  }

  private static void requireEmpty(Database db) {
    int n = db.jdbi().withHandle(h -> h.createQuery("SELECT (SELECT COUNT(*) FROM subscriber) + (SELECT COUNT(*) FROM outbox)"
        + " + (SELECT COUNT(*) FROM paper)").mapTo(Integer.class).one());
    if (n > 0) {
      throw new BenchException("the benchmark needs an empty database, and " + db.dialect()
          + " storage already has subscribers, papers or digests: give it a new one (--storage-url)");
    }
  }

  /** The benchmark cannot run as asked (exit code 2). */
  public static final class BenchException extends RuntimeException {
    public BenchException(String message) {
      super(message);
    }
  }

  // ------------------------------------------------------------------------------------- helpers

  /** What a sink has taken so far: messages and bytes, each -1 when it cannot tell. */
  private record SinkCount(long messages, long bytes) {}

  private SinkCount sinkCount() {
    return new SinkCount(sink.received(), sink.receivedBytes());
  }

  /** What the sink took since {@code before}; -1 when it cannot tell. */
  private void putReceived(Map<String, Object> m, SinkCount before) {
    // GreenMail and the discard sink count on their own threads: the last replies have landed by now
    SinkCount now = sinkCount();
    long n = now.messages() < 0 ? -1 : now.messages() - before.messages();
    m.put("received", n);
    if (now.bytes() >= 0 && n > 0) m.put("receivedBytesPerMessage", (now.bytes() - before.bytes()) / n);
  }

  private static long size(MimeMessage m) throws IOException, MessagingException {
    long[] n = {0};
    m.writeTo(new OutputStream() {
      @Override
      public void write(int b) {
        n[0]++;
      }

      @Override
      public void write(byte[] b, int off, int len) {
        n[0] += len;
      }
    });
    return n[0];
  }

  /**
   * CPU time the whole process used (every thread, GC included), and the rate that is per CPU-second:
   * on a machine shared with other work, wall-clock rates say more about the neighbours than about
   * Paperboy; twice this rate is what two cores of its own would do at most.
   */
  private static void putCpu(Map<String, Object> m, long count, long cpuNanos) {
    if (cpuNanos <= 0) return;
    m.put("cpuSeconds", seconds(cpuNanos));
    m.put("perCpuSecond", perSecond(count, cpuNanos));
  }

  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** A phase's heap use and CPU by thread, from its start until {@link #stop}. */
  private static final class PhaseWatch {
    private final HeapWatch heap = new HeapWatch();
    /** Null where the JVM cannot tell a thread's CPU time. */
    private final ThreadCpu threads = ThreadCpu.supported() ? new ThreadCpu() : null;
    private final long written0 = DiskWrites.read();
    private HeapWatch.Usage usage;
    private Map<String, Double> byThread;
    private long written1 = -1;

    void stop() {
      usage = heap.stop();
      if (threads != null) byThread = threads.stop(THREAD_GROUPS);
      written1 = DiskWrites.read();
    }

    /** Puts the heap figures and, where known, cpuByThread and diskWriteMb: after {@link #stop}. */
    void putInto(Map<String, Object> m) {
      putHeap(m, usage);
      if (byThread != null) m.put("cpuByThread", byThread);
      putWritten(m, "diskWriteMb", written0, written1);
    }
  }

  private static void putHeap(Map<String, Object> m, HeapWatch.Usage u) {
    m.put("peakHeapMb", mb(u.peakUsedBytes()));
    m.put("peakHeapAfterGcMb", mb(u.peakAfterGcBytes()));
    m.put("gcMillis", u.gcMillis());
    m.put("gcCount", u.gcCount());
    m.put("fullGcCount", u.fullGcCount());
    m.put("liveAfterFullGcMb", u.liveAfterFullGcBytes() < 0 ? -1 : mb(u.liveAfterFullGcBytes()));
    m.put("longestGcMillis", u.longestGcMillis());
  }

  private static void join(List<Thread> threads) {
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static double loadAverage() {
    return round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), 2);
  }

  private static long mb(long bytes) {
    return Math.round(bytes / (1024.0 * 1024.0));
  }

  private static double seconds(long nanos) {
    return round(nanos / 1e9, 3);
  }

  private static double perSecond(long count, long nanos) {
    return nanos <= 0 ? 0 : round(count / (nanos / 1e9), 1);
  }

  static double round(double v, int places) {
    double f = Math.pow(10, places);
    return Math.round(v * f) / f;
  }

  /** Deletes the work folder (the H2 database, the topic file) and stops the sink. */
  public void close() {
    if (sink != null) sink.close();
    if (workDir != null) {
      try (var walk = Files.walk(workDir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The clock the application runs on: real time passing, shifted to the benchmark's dates. */
  static final class BenchClock extends Clock {
    private volatile long offsetNanos;

    void set(Instant now) {
      Instant real = Instant.now();
      offsetNanos = Duration.between(real, now).toNanos();
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return Clock.offset(Clock.system(zone), Duration.ofNanos(offsetNanos));
    }

    @Override
    public Instant instant() {
      return Instant.now().plusNanos(offsetNanos);
    }
  }
}
