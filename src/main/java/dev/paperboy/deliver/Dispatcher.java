package dev.paperboy.deliver;

import dev.paperboy.config.PaperboyConfig;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The senders: N threads ({@code delivery.senders}), each with its own transport connection, that claim
 * batches of due outbox rows and send them one by one.
 *
 * <p>For each claimed row: a row queued longer ago than {@code delivery.max_age} is marked expired
 * (the age counts from {@code queued_at}: when the digest was composed, resent or requeued by hand;
 * retries do not reset it); otherwise the body is personalised and the message built with Date = now
 * (on the sender's {@link BuildAhead} thread, up to three rows ahead of the one going out; built again
 * if a wait made it older than a second), a permit taken from the shared {@link RateLimiter}, the
 * message sent, and the row handed to the sender's {@link SenderOutbox}, which marks sent rows in
 * batches of {@code delivery.record_batch} on a thread of its own: a batch is handed over when full,
 * when its oldest row is {@link #RECORD_DELAY} old (checked before each send) and always before the
 * sender waits for the rate limiter, claims again or stops, and one batch is recorded while the next
 * fills.
 * The next batch is claimed on that thread too, ten rows before the end of a batch bigger than ten.
 * So a hard crash sends again at most the messages in flight (one per sender) and those not yet
 * recorded (up to twice record_batch per sender, sent in the last ~100 ms); a clean stop sends
 * nothing twice. (Recording each message in its own transaction costs about a third of the
 * throughput: measured 0.1 ms per message on H2 and 0.2 ms on PostgreSQL against 0.5 ms to send one.)
 * A claimed row nobody finishes goes to another sender when its lease runs out. Temporary failures
 * are retried with {@link Backoff} until {@code delivery.max_attempts}, permanent ones fail at once
 * with the server's reply.
 *
 * <p>Two ways to run: {@link #drain} (for {@code paperboy send}) sends until nothing is due and
 * returns a {@link Summary}; {@link #start}/{@link #stop} (for {@code paperboy serve}) keeps polling.
 * {@link #stop} lets each sender finish the message in flight, gives its other claimed rows back
 * ({@link Outbox#release}) and closes its connection.
 */
public final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);
  private static final int BODY_CACHE = 1024;
  /** Messages a sender has built ahead of the one it sends: a slow build (a new body) does not stall it. */
  private static final int BUILT_AHEAD = 3;
  /**
   * Rows before the end of a batch at which the next batch is claimed (when the batch is bigger): a
   * claim takes as long as sending a few messages.
   */
  private static final int CLAIM_AHEAD = 10;

  /**
   * @param maxAge       a row queued longer ago than this is expired instead of sent
   * @param pollInterval how long an idle sender waits before looking again (service mode)
   * @param recordBatch  sent messages a sender records in one transaction; they wait at most
   *                     {@link #RECORD_DELAY} for it. 1: each is recorded before the next is sent
   */
  public record Settings(int senders, int batchSize, Duration lease, int maxAttempts, Duration retryInitial,
      Duration retryMax, Duration maxAge, Duration pollInterval, int recordBatch) {
    public static Settings from(PaperboyConfig.Delivery d) {
      return new Settings(d.senders(), d.batchSize(), d.lease(), d.maxAttempts(), d.retryInitial(), d.retryMax(),
          d.maxAge(), d.pollInterval(), d.recordBatch());
    }
  }

  /** The longest a sent message waits to be recorded (when the sender has something else to do). */
  public static final Duration RECORD_DELAY = Duration.ofMillis(100);

  /**
   * What a {@link #drain} did.
   *
   * @param retrying rows that failed temporarily and wait for a later attempt
   */
  public record Summary(long sent, long failed, long retrying, long expired) {
    public long total() {
      return sent + failed + retrying + expired;
    }
  }

  /** Rows handled so far out of those due when the run began (it grows if more become due). */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (done, total) -> {};

    /** Called from sender threads after each row, concurrently: implementations must be thread-safe. */
    void update(long done, long total);
  }

  /** Totals since this dispatcher was made: a base for metrics. */
  public record Counters(long claimed, long sent, long failed, long retried, long expired, long released) {}

  private final Outbox outbox;
  private final BounceLog bounces;
  private final MailTransports transports;
  private final MessageBuilder builder;
  private final BodyPersonaliser personaliser;
  /** The personaliser, when it fills bodies' wire forms; null: it needs their text. */
  private final WireBody.Filler wireFiller;
  private final RateLimiter limiter;
  private final Settings settings;
  private final Clock clock;
  private final String nodeId;
  private final Backoff backoff;
  private final Instant startedAt;
  /**
   * Recently used bodies by id, in their wire form when the personaliser fills those and the body has
   * one, else their text.
   */
  private final Map<Long, WireBody> wires = recentlyUsed();
  private final Map<Long, DigestBody> bodies = recentlyUsed();

  private final AtomicLong claimed = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong expired = new AtomicLong();
  private final AtomicLong released = new AtomicLong();

  private final Object lifecycle = new Object();
  private Run run;

  /**
   * @param bounces where refusals of an address are recorded (and an address that keeps refusing is stopped)
   */
  public Dispatcher(Outbox outbox, MailTransports transports, MessageBuilder builder, BodyPersonaliser personaliser,
      RateLimiter limiter, Settings settings, BounceLog bounces, Clock clock, String nodeId) {
    this(outbox, transports, builder, personaliser, limiter, settings, bounces, clock, nodeId, threadLocalRandom());
  }

  Dispatcher(Outbox outbox, MailTransports transports, MessageBuilder builder, BodyPersonaliser personaliser,
      RateLimiter limiter, Settings settings, BounceLog bounces, Clock clock, String nodeId, RandomGenerator random) {
    this.outbox = outbox;
    this.bounces = bounces;
    this.transports = transports;
    this.builder = builder;
    this.personaliser = personaliser;
    this.wireFiller = personaliser instanceof WireBody.Filler f ? f : null;
    this.limiter = limiter;
    this.settings = settings;
    this.clock = clock;
    this.nodeId = nodeId;
    this.backoff = new Backoff(settings.retryInitial(), settings.retryMax(), random);
    this.startedAt = clock.instant();
  }

  /** serve.node_id, or when empty the host name and process id: unique per running process. */
  public static String nodeId(String configured) {
    if (!configured.isBlank()) return configured.strip();
    return LocalHost.name() + "-" + ProcessHandle.current().pid();
  }

  public String nodeId() {
    return nodeId;
  }

  /** When this dispatcher was made: the node's start as its heartbeats record it. */
  public Instant startedAt() {
    return startedAt;
  }

  public Counters counters() {
    return new Counters(claimed.get(), sent.get(), failed.get(), retried.get(), expired.get(), released.get());
  }

  // ---------------------------------------------------------------- running

  /**
   * Sends until no row is due, then returns. Rows waiting for a retry later are not waited for. A
   * {@link #stop} from another thread (Ctrl-C) ends it early, with the rows in flight finished.
   *
   * @throws IllegalStateException when the dispatcher is already running, or a sender hit a database error
   */
  public Summary drain(Progress progress) {
    Run r;
    synchronized (lifecycle) {
      if (run != null) throw new IllegalStateException("already running");
      long due = outbox.countDue(clock.instant());
      // a small run is spread over every sender instead of filling the first one's batch
      int perClaim = (int) Math.max(1, Math.min(settings.batchSize(), (due + settings.senders() - 1) / settings.senders()));
      r = new Run(true, perClaim, progress, due);
      run = r;
      r.startThreads();
    }
    try {
      r.join();
    } finally {
      synchronized (lifecycle) {
        run = null;
      }
    }
    Throwable error = r.error.get();
    if (error != null) throw new IllegalStateException("sending stopped: " + error.getMessage(), error);
    // every sender gave its rows back: status shows this node stopped, not dead a while later
    outbox.stopped(nodeId);
    return new Summary(r.sent.get(), r.failed.get(), r.retrying.size(), r.expired.get());
  }

  /** Starts the senders in the background, polling every delivery.poll_interval when idle. */
  public void start() {
    synchronized (lifecycle) {
      if (run != null) throw new IllegalStateException("already running");
      run = new Run(false, settings.batchSize(), Progress.NONE, 0);
      run.startThreads();
    }
  }

  /**
   * Stops the senders: each finishes the message it is sending, gives back its other claimed rows and
   * closes its connection. Returns when they have.
   */
  public void stop() {
    Run r;
    synchronized (lifecycle) {
      r = run;
    }
    if (r == null) return;
    r.stopping = true;
    r.stopSignal.countDown();
    r.join();
    synchronized (lifecycle) {
      if (run == r) run = null;
    }
  }

  /** One drain or one service run: its threads and what they did. */
  private final class Run {
    final boolean drain;
    final int perClaim;
    final Progress progress;
    final AtomicLong total;
    final AtomicLong done = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong expired = new AtomicLong();
    final Set<Long> retrying = ConcurrentHashMap.newKeySet();
    final AtomicReference<Throwable> error = new AtomicReference<>();
    final CountDownLatch stopSignal = new CountDownLatch(1);
    final List<Thread> threads = new ArrayList<>();
    volatile boolean stopping;

    Run(boolean drain, int perClaim, Progress progress, long total) {
      this.drain = drain;
      this.perClaim = perClaim;
      this.progress = progress;
      this.total = new AtomicLong(total);
    }

    void startThreads() {
      outbox.heartbeat(nodeId, startedAt);
      for (int i = 0; i < settings.senders(); i++) {
        Sender s = new Sender(this, i);
        Thread t = new Thread(s, "paperboy-sender-" + i);
        threads.add(t);
        t.start();
      }
    }

    void join() {
      for (Thread t : threads) {
        try {
          t.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    /** Waits, or returns false at once when the run is being stopped. */
    boolean pause(Duration d) {
      try {
        return !stopSignal.await(d.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    void handled() {
      long d = done.incrementAndGet();
      long t = total.accumulateAndGet(d, Math::max);
      progress.update(d, t);
    }
  }

  /** One sender thread: its own lease owner name and its own transport connection. */
  private final class Sender implements Runnable {
    private final Run r;
    private final int index;
    private final String owner;
    private final BuildAhead ahead;
    private final SenderOutbox senderOutbox;
    /** The next batch, claimed on the SenderOutbox thread while the last messages of the one before go out. */
    private Future<List<OutboxRow>> nextBatch;
    private Instant lastBeat;

    Sender(Run r, int index) {
      this.r = r;
      this.index = index;
      this.owner = nodeId + "#" + index;
      this.ahead = new BuildAhead("paperboy-sender-" + index + "-build", clock,
          (row, now) -> builder.build(row, content(row), now));
      this.senderOutbox = new SenderOutbox("paperboy-sender-" + index + "-outbox", outbox, clock,
          settings.recordBatch(), RECORD_DELAY, this::recorded);
    }

    @Override
    public void run() {
      MailTransport transport = transports.open();
      try (ahead) {
        while (!r.stopping) {
          try {
            heartbeat();
            List<OutboxRow> batch = claim();
            if (batch.isEmpty()) {
              if (r.drain) return;
              r.pause(settings.pollInterval());
              continue;
            }
            sendBatch(batch, transport);
          } catch (RuntimeException e) {
            if (r.drain) throw e;
            LOG.error("sender {}: {}; trying again in {}", owner, e.toString(), settings.pollInterval(), e);
            senderOutbox.awaitRecorded();
            awaitClaimedAhead(); // given back below with the rest: never sent from the stale list
            releaseQuietly();
            r.pause(settings.pollInterval());
          }
        }
      } catch (RuntimeException | Error e) {
        r.error.compareAndSet(null, e);
        r.stopping = true;
        r.stopSignal.countDown();
        LOG.error("sender {} stopped: {}", owner, e.toString(), e);
      } finally {
        transport.close();
        try {
          senderOutbox.awaitRecorded();
        } catch (RuntimeException e) {
          r.error.compareAndSet(null, e);
        } finally {
          senderOutbox.close();
        }
        releaseQuietly();
      }
    }

    /** The next batch: the one claimed ahead, or claimed now. */
    private List<OutboxRow> claim() {
      Future<List<OutboxRow>> claimedAhead = nextBatch;
      nextBatch = null;
      return claimedAhead != null ? HelperThreads.await(claimedAhead) : claimNow();
    }

    private void awaitClaimedAhead() {
      Future<List<OutboxRow>> claimedAhead = nextBatch;
      nextBatch = null;
      if (claimedAhead == null) return;
      try {
        HelperThreads.await(claimedAhead);
      } catch (RuntimeException e) {
        LOG.debug("sender {}: claiming ahead: {}", owner, e.toString());
      }
    }

    private List<OutboxRow> claimNow() {
      List<OutboxRow> batch = outbox.claim(owner, r.perClaim, settings.lease(), clock.instant());
      claimed.addAndGet(batch.size());
      return batch;
    }

    private void heartbeat() {
      if (index != 0) return;
      Instant now = clock.instant();
      if (lastBeat != null && Duration.between(lastBeat, now).compareTo(HEARTBEAT) < 0) return;
      outbox.heartbeat(nodeId, startedAt);
      lastBeat = now;
    }

    private void releaseQuietly() {
      try {
        int n = outbox.release(owner);
        released.addAndGet(n);
        if (n > 0) LOG.info("sender {} gave back {} claimed digests", owner, n);
      } catch (RuntimeException e) {
        LOG.warn("sender {} could not give back its claimed digests (they return when the lease ends): {}",
            owner, e.toString());
      }
    }

    private void sendBatch(List<OutboxRow> batch, MailTransport transport) {
      ahead.runFirst(() -> {
        try {
          prefetchBodies(batch);
        } catch (RuntimeException e) { // each build then reads its own body, and says what went wrong
          LOG.debug("sender {}: fetching the batch's bodies: {}", owner, e.toString());
        }
      });
      ArrayDeque<Future<BuildAhead.Built>> building = new ArrayDeque<>();
      for (int k = 0; k < Math.min(BUILT_AHEAD, batch.size()); k++) building.add(ahead.submit(batch.get(k)));
      Instant leaseUntil = batch.get(0).leaseUntil();
      Instant claimedAt = leaseUntil.minus(settings.lease());
      Set<Long> lost = new HashSet<>();
      for (int i = 0; i < batch.size() && !r.stopping; i++) {
        OutboxRow row = batch.get(i);
        Future<BuildAhead.Built> built = building.remove(); // row i's message; the next ones are built meanwhile
        if (i + BUILT_AHEAD < batch.size()) building.add(ahead.submit(batch.get(i + BUILT_AHEAD)));
        if (i == batch.size() - CLAIM_AHEAD && i > 0 && !r.stopping) { // a big batch: no sender holds more than two
          nextBatch = senderOutbox.call(() -> {
            List<OutboxRow> b = claimNow();
            prefetchBodies(b);
            return b;
          });
        }
        Instant now = clock.instant();
        if (now.isAfter(row.queuedAt().plus(settings.maxAge()))) {
          if (outbox.expire(row, "not sent within delivery.max_age (" + settings.maxAge() + ") of being queued")) {
            expired.incrementAndGet();
            r.expired.incrementAndGet();
            r.retrying.remove(row.id());
            r.handled();
          }
          continue;
        }
        long wait = limiter.reserve();
        if (wait > 0) {
          senderOutbox.handOver();
          if (!r.pause(Duration.ofNanos(wait))) return;
        } else if (senderOutbox.due()) {
          senderOutbox.handOver();
        }
        now = clock.instant();
        if (now.isAfter(leaseUntil.minus(settings.lease().dividedBy(2)))) {
          // a slow batch (rate limits): keep the rest of it, and skip rows another sender took over
          List<Long> rest = batch.subList(i, batch.size()).stream().map(OutboxRow::id).toList();
          leaseUntil = now.plus(settings.lease());
          Set<Long> held = outbox.renewLeases(owner, rest, leaseUntil);
          for (Long id : rest) if (!held.contains(id)) lost.add(id);
        }
        if (lost.contains(row.id())) continue;
        if (outbox.cancelledAfter(row.subscriberId(), claimedAt)) continue; // unsubscribed or paused meanwhile
        send(ahead.take(built), transport);
      }
      senderOutbox.handOver();
    }

    private void send(BuildAhead.Built built, MailTransport transport) {
      OutboxRow row = built.row();
      MimeMessage message = built.message();
      if (message == null) {
        Exception e = built.error();
        LOG.warn("digest {} cannot be built: {}", row.id(), e.toString());
        if (outbox.fail(row, "cannot build the message: " + e.getMessage())) failed(row);
        r.handled();
        return;
      }
      long started = System.nanoTime();
      try {
        transport.send(message, builder.envelopeFrom(row), List.of(row.email()));
        DeliveryMetrics.sendTime(System.nanoTime() - started);
      } catch (SendFailure f) {
        DeliveryMetrics.sendTime(System.nanoTime() - started);
        int attempts = row.attempts() + 1;
        if (f.isTemporary() && attempts < settings.maxAttempts()) {
          // (a failure is recorded at once: it is rare, and no message went out)
          Instant next = clock.instant().plus(backoff.delay(attempts));
          LOG.info("digest {} attempt {} failed, retrying at {}: {}", row.id(), attempts, next, f.reply());
          if (outbox.retryLater(row, f.reply(), next)) {
            retried.incrementAndGet();
            r.retrying.add(row.id());
          } else {
            LOG.info("digest {} was taken over by another sender meanwhile", row.id());
          }
        } else {
          String reply = f.isTemporary() ? f.reply() + " (gave up after " + attempts + " attempts)" : f.reply();
          LOG.warn("digest {} failed: {}", row.id(), reply);
          if (outbox.fail(row, reply)) {
            failed(row);
            if (f.refusesAddress()) bounces.record(row.subscriberId(), row.email(), row.id(), BounceLog.Source.SMTP, reply);
          } else {
            LOG.info("digest {} was taken over by another sender meanwhile", row.id());
          }
        }
        r.handled();
        return;
      }
      senderOutbox.sent(row);
    }

    private void failed(OutboxRow row) {
      DeliveryMetrics.failed(row);
      failed.incrementAndGet();
      r.failed.incrementAndGet();
      r.retrying.remove(row.id());
    }

    /** Called on the recording thread once a batch of sent rows is recorded. */
    private void recorded(List<OutboxRow> rows) {
      for (OutboxRow row : rows) {
        DeliveryMetrics.sent(row);
        sent.incrementAndGet();
        r.sent.incrementAndGet();
        r.retrying.remove(row.id());
        r.handled();
      }
    }
  }

  /**
   * Least recently used dropped first: a popular body stays while thousands of one-off bodies pass
   * through (emptying the whole cache when full re-read the popular ones from the database again and again).
   */
  private static <T> Map<Long, T> recentlyUsed() {
    return RecentlyUsed.synchronizedMap(BODY_CACHE);
  }

  /** The row's message content: from its body's wire form when there is one and the personaliser fills it. */
  private MessageContent content(OutboxRow row) {
    // with a wire filler, only bodies found without a wire form are cached as text: no need to look again
    if (wireFiller != null && !bodies.containsKey(row.bodyId())) {
      WireBody w = wire(row.bodyId());
      if (w != null) return wireFiller.content(w, row);
    }
    return personaliser.content(body(row.bodyId()), row);
  }

  /** Null for a body stored before bodies had a wire form. */
  private WireBody wire(Long id) {
    if (id == null) throw new IllegalStateException("the digest has no body");
    WireBody w = wires.get(id);
    if (w == null) {
      w = outbox.wireBodies(List.of(id)).get(id);
      if (w != null) wires.put(id, w);
    }
    return w;
  }

  private DigestBody body(Long id) {
    if (id == null) throw new IllegalStateException("the digest has no body");
    DigestBody b = bodies.get(id);
    if (b == null) {
      b = outbox.body(id);
      bodies.put(id, b);
    }
    return b;
  }

  /** The bodies of a claimed batch not cached yet, in one query rather than one per body. */
  private void prefetchBodies(List<OutboxRow> batch) {
    Map<Long, ?> cached = wireFiller != null ? wires : bodies;
    Set<Long> missing = new HashSet<>();
    for (OutboxRow row : batch) {
      if (row.bodyId() != null && !cached.containsKey(row.bodyId())) missing.add(row.bodyId());
    }
    if (wireFiller != null && !missing.isEmpty()) {
      Map<Long, WireBody> found = outbox.wireBodies(missing);
      wires.putAll(found);
      missing.removeAll(found.keySet());
      missing.removeIf(bodies::containsKey);
    }
    if (missing.size() > 1) bodies.putAll(outbox.bodies(missing));
  }

  private static RandomGenerator threadLocalRandom() {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return java.util.concurrent.ThreadLocalRandom.current().nextLong();
      }

      @Override
      public double nextDouble() {
        return java.util.concurrent.ThreadLocalRandom.current().nextDouble();
      }
    };
  }
}
