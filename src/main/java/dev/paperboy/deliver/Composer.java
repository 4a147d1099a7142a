package dev.paperboy.deliver;

import dev.paperboy.render.Links;
import dev.paperboy.render.RenderCache;
import dev.paperboy.render.RenderedDigest;
import dev.paperboy.select.Digest;
import dev.paperboy.select.Pick;
import dev.paperboy.select.Subscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns selected digests into outbox rows: renders each distinct digest shape once, stores each body
 * once, and writes the rows in batches. Nothing is sent here; the dispatcher does that.
 */
public final class Composer implements Consumer<Digest>, AutoCloseable {
  static final int BATCH = 500;
  private static final int BODIES = 1024;

  /**
   * Where composed digests go, a batch at a time, on the composer's writer thread: the outbox
   * ({@link Outbox#enqueueAll}) in production; a benchmark may count them instead.
   */
  @FunctionalInterface
  public interface Store {
    /** @return how many of the batch were new */
    int write(List<Composed> batch);
  }

  private final Store store;
  private final RenderCache renders;
  private final Links links;
  private final boolean dryRun;
  private final Consumer<Composed> listener;
  private final List<Composed> pending = new ArrayList<>(BATCH);
  /** The stored form of recent renders, so digests of one shape hand the outbox one body instance. */
  private final Map<String, DigestBody> bodies = RecentlyUsed.map(BODIES);
  private long composed;
  private long empty;
  private long queued;
  private java.util.concurrent.ExecutorService writer;
  private java.util.concurrent.Future<Integer> writing;

  /**
   * @param dryRun    select and render but store nothing
   * @param listener  sees every composed digest (for a summary of who gets what); may be a no-op
   */
  public Composer(Outbox outbox, RenderCache renders, Links links, boolean dryRun, Consumer<Composed> listener) {
    this(outbox::enqueueAll, renders, links, dryRun, listener);
  }

  /** A composer that hands its batches to {@code store} rather than to the outbox. */
  public Composer(Store store, RenderCache renders, Links links, boolean dryRun, Consumer<Composed> listener) {
    this.store = store;
    this.renders = renders;
    this.links = links;
    this.dryRun = dryRun;
    this.listener = listener;
  }

  @Override
  public void accept(Digest digest) {
    Subscriber s = digest.subscriber();
    Composed c;
    if (digest.isEmpty() && !s.sendEmpty()) {
      c = Composed.empty(s.id(), s.email(), digest.date(), digest.windowEnd());
      empty++;
    } else {
      RenderedDigest rendered = renders.render(digest);
      DigestBody body = bodies.computeIfAbsent(rendered.shapeKey(),
          k -> DigestBody.of(rendered));
      Map<String, String> recipient = Map.of(
          OutboxRow.NAME, s.name(),
          OutboxRow.UNSUBSCRIBE_URL, links.unsubscribe(s.id()),
          DigestPersonaliser.MANAGE_URL, links.manage(s.id()));
      c = new Composed(s.id(), s.email(), digest.date(), digest.windowEnd(), body, recipient,
          digest.picks().stream().map(Pick::paper).map(p -> p.id()).toList());
    }
    composed++;
    listener.accept(c);
    pending.add(c);
    if (pending.size() == BATCH) flush();
  }

  /**
   * Hands what is pending to the writer thread, once the batch before it is written: the database
   * works on one batch while the next is selected and rendered (on two cores a 100,000-subscriber
   * compose spent a fifth of its time waiting for the outbox). Failures surface at the next flush,
   * {@link #report} or {@link #close}.
   */
  public void flush() {
    if (!dryRun && !pending.isEmpty()) {
      awaitWrite();
      List<Composed> batch = List.copyOf(pending);
      if (writer == null) {
        writer = HelperThreads.single("paperboy-outbox-writer");
      }
      writing = writer.submit(() -> store.write(batch));
    }
    pending.clear();
  }

  /** Waits for the batch being written; its rows are then in the outbox. */
  private void awaitWrite() {
    if (writing == null) return;
    try {
      int added = writing.get();
      queued += added;
      DeliveryMetrics.composed(added);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the outbox", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    } finally {
      writing = null;
    }
  }

  /** Writes what is pending and waits until it is written. */
  @Override
  public void close() {
    try {
      flush();
      awaitWrite();
    } finally {
      if (writer != null) writer.shutdown();
    }
  }

  /**
   * @param composed digests composed (empty ones included)
   * @param empty    digests with nothing to send, recorded so the subscriber's window still advances
   * @param queued   rows new in the outbox; a digest composed again for the same date is not new
   */
  public record Report(long composed, long empty, long queued) {}

  /** What was composed, once every batch handed over so far is written. */
  public Report report() {
    awaitWrite();
    return new Report(composed, empty, queued);
  }
}
