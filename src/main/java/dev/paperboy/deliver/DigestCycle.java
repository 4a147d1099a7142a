package dev.paperboy.deliver;

import dev.paperboy.render.Links;
import dev.paperboy.render.RenderCache;
import dev.paperboy.select.Audience;
import dev.paperboy.select.Digest;
import dev.paperboy.select.SelectionRun;
import dev.paperboy.select.Selector;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.TopicFile;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One digest cycle: bring the topic file's subscribers into the store, select for those due, render,
 * and queue. The scheduler runs it per slot, {@code paperboy send} for everyone at once; both go
 * through here. Composing the same subscriber's digest for the same date twice queues nothing the
 * second time, so a cycle may safely be repeated.
 */
public final class DigestCycle {
  /** The id a dry run gives a subscriber the store has not seen yet: no history, links that lead nowhere. */
  static final String UNSTORED = "unstored";

  private final Outbox outbox;
  private final Audience audience;
  private final Selector selector;
  private final RenderCache renders;
  private final Links links;
  private final Clock clock;
  private volatile SelectionRun lastRun;
  private final TopicFileSync sync;

  public DigestCycle(Outbox outbox, Audience audience, Selector selector, RenderCache renders, Links links, Clock clock) {
    this.outbox = outbox;
    this.audience = audience;
    this.sync = new TopicFileSync(audience, outbox);
    this.selector = selector;
    this.renders = renders;
    this.links = links;
    this.clock = clock;
  }

  /**
   * Which digests to compose.
   *
   * @param who            the subscribers of this cycle (a slot's, one address, everyone)
   * @param date           the digest date for everyone, or null for each subscriber's local date now
   * @param checkFrequency leave out subscribers whose frequency has no digest on that date
   * @param dryRun         select and render, store nothing
   */
  public record Request(Predicate<Subscriber> who, LocalDate date, boolean checkFrequency, boolean dryRun) {
    public static Request everyoneDue() {
      return new Request(s -> true, null, true, false);
    }
  }

  /** Composes and queues; {@code listener} sees each composed digest as it is made. */
  public Composer.Report compose(TopicFile file, Request request, Consumer<Composed> listener) {
    return compose(file, request, listener, outbox::enqueueAll);
  }

  /**
   * {@link #compose(TopicFile, Request, Consumer)} with the composed digests handed to {@code store}
   * instead of the outbox (the benchmark measures composition on its own that way).
   */
  public Composer.Report compose(TopicFile file, Request request, Consumer<Composed> listener, Composer.Store store) {
    if (!request.dryRun()) sync(file);
    SelectionRun run = selector.prepare(clock.instant(), request.date());
    lastRun = run;
    Function<Subscriber, LocalDate> dateOf = s -> request.date() != null ? request.date() : run.dateFor(s);
    return composeAll(run, dateOf, request.dryRun(), listener, store, batch -> {
      Consumer<Subscriber> pick = s -> {
        if (!request.who().test(s)) return;
        if (request.checkFrequency() && !s.frequency().isDue(dateOf.apply(s))) return;
        batch.accept(s);
      };
      if (request.dryRun()) {
        // nothing may be written: who the sync would leave active, the file's new addresses without an id
        audience.forEachActiveAsIfSynced(file, s -> pick.accept(s.id() != null ? s : s.withId(UNSTORED)));
      } else {
        audience.forEachActive(file, pick);
      }
    });
  }

  /** Brings the topic file's subscribers into the store, as {@link TopicFileSync#sync} does. */
  public Audience.SyncReport sync(TopicFile file) {
    return sync.sync(file);
  }

  /** The selection of the latest {@link #compose}, for its counters; null before the first. */
  public SelectionRun lastRun() {
    return lastRun;
  }

  /**
   * Composes and queues the digests of these stored subscribers for {@code date}, reading only them:
   * one chunk of a slot, on whichever node runs it. The file is not synced here (the node that fired
   * the slot did that); subscribers no longer active are skipped.
   */
  public Composer.Report composeFor(TopicFile file, List<String> subscriberIds, LocalDate date,
      Consumer<Composed> listener) {
    SelectionRun run = selector.prepare(clock.instant(), date);
    return composeAll(run, s -> date, false, listener, outbox::enqueueAll,
        batch -> audience.forEachActive(file, subscriberIds, batch));
  }

  /** Select → pre-render → compose → store, for the subscribers {@code feed} hands to the batch. */
  private Composer.Report composeAll(SelectionRun run, Function<Subscriber, LocalDate> dateOf, boolean dryRun,
      Consumer<Composed> listener, Composer.Store store, Consumer<SelectionRun.Batch> feed) {
    try (Composer composer = new Composer(store, renders, links, dryRun, listener);
        PreRender prerender = new PreRender(renders, composer);
        SelectionRun.Batch batch = run.batch(new OutboxHistory(outbox), dateOf, prerender)) {
      feed.accept(batch);
      batch.flush();
      prerender.flush();
      composer.flush();
      return composer.report();
    }
  }

  /**
   * Holds digests back {@value #BATCH} at a time to render their distinct shapes on every core
   * ({@link RenderCache#prepare}), then hands them on in order. The rendering of a batch runs on a
   * thread of its own while the caller selects the next one: on two cores the selecting thread was
   * busy 2.5 times as long as the render worker, so renders and selection now overlap. At most
   * {@value #AHEAD} batches are in flight; a render's failure surfaces, unwrapped, at the next
   * {@link #accept} or {@link #flush}.
   */
  private static final class PreRender implements Consumer<Digest>, AutoCloseable {
    static final int BATCH = 256;
    static final int AHEAD = 2;
    private final RenderCache renders;
    private final Consumer<Digest> next;
    private List<Digest> pending = new ArrayList<>(BATCH);
    private final ArrayDeque<Map.Entry<List<Digest>, Future<?>>> inFlight =
        new ArrayDeque<>();
    private ExecutorService renderer;

    PreRender(RenderCache renders, Consumer<Digest> next) {
      this.renders = renders;
      this.next = next;
    }

    @Override
    public void accept(Digest d) {
      pending.add(d);
      if (pending.size() == BATCH) submit();
    }

    private void submit() {
      if (pending.isEmpty()) return;
      List<Digest> batch = pending;
      pending = new ArrayList<>(BATCH);
      List<Digest> toRender = new ArrayList<>(batch.size());
      for (Digest d : batch) if (!d.isEmpty() || d.subscriber().sendEmpty()) toRender.add(d);
      if (renderer == null) {
        renderer = HelperThreads.single("paperboy-prerender");
      }
      inFlight.add(Map.entry(batch, renderer.submit(() -> renders.prepare(toRender))));
      while (inFlight.size() > AHEAD) handOn();
    }

    /** Waits for the oldest batch's renders and hands its digests on. */
    private void handOn() {
      var oldest = inFlight.poll();
      try {
        oldest.getValue().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while rendering", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) throw r;
        if (e.getCause() instanceof Error err) throw err;
        throw new IllegalStateException(e.getCause());
      }
      for (Digest d : oldest.getKey()) next.accept(d);
    }

    /** Renders and hands on everything held back, in order. */
    void flush() {
      submit();
      while (!inFlight.isEmpty()) handOn();
    }

    @Override
    public void close() {
      try {
        flush();
      } finally {
        inFlight.clear();
        if (renderer != null) renderer.shutdownNow();
      }
    }
  }
}
