package dev.paperboy.deliver;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sender's statements that need not hold up its connection, on a thread of its own: recording
 * what it sent and claiming its next batch (in line, the two were about a quarter of a sender's
 * time per message into a fast server).
 *
 * <p>Sent rows are marked sent a batch per transaction. One batch is recorded while the next fills,
 * so at most twice {@code batch} sent rows are unrecorded at any moment; a batch is handed over when
 * full or {@link #due} and always before the sender waits, claims or stops. Not thread-safe: one
 * sender thread uses it.
 */
final class SenderOutbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SenderOutbox.class);
  private static final int TRIES = 5;

  private final Outbox outbox;
  private final Clock clock;
  private final int batch;
  private final Duration delay;
  private final Consumer<List<OutboxRow>> onRecorded;
  private final ExecutorService thread;
  private final List<OutboxRow> unrecorded = new ArrayList<>();
  private long oldest;
  private Future<?> recording;

  /**
   * @param batch      rows per transaction; 1 records each row before the sender goes on
   * @param delay      how long a sent row may wait for its batch to fill
   * @param onRecorded called on the recording thread with each batch once it is recorded
   */
  SenderOutbox(String threadName, Outbox outbox, Clock clock, int batch, Duration delay,
      Consumer<List<OutboxRow>> onRecorded) {
    this.outbox = outbox;
    this.clock = clock;
    this.batch = batch;
    this.delay = delay;
    this.onRecorded = onRecorded;
    this.thread = HelperThreads.single(threadName);
  }

  /**
   * Runs a claim (or any statement) on this thread, after the batches handed over before it; the
   * result is taken with {@link HelperThreads#await}.
   */
  <T> Future<T> call(Callable<T> statement) {
    return thread.submit(statement);
  }

  /** A message went out: its row joins the batch, which is handed over when full. */
  void sent(OutboxRow row) {
    if (unrecorded.isEmpty()) oldest = System.nanoTime();
    unrecorded.add(row);
    if (batch <= 1) {
      awaitRecorded();
    } else if (unrecorded.size() >= batch) {
      handOver();
    }
  }

  /** Whether the oldest unrecorded row has waited its time. */
  boolean due() {
    return !unrecorded.isEmpty() && System.nanoTime() - oldest > delay.toNanos();
  }

  /**
   * Hands the unrecorded rows to the recording thread, first waiting for the batch before them.
   *
   * @throws RuntimeException why the batch before could not be recorded
   */
  void handOver() {
    if (unrecorded.isEmpty()) return;
    waitForRecording();
    List<OutboxRow> rows = List.copyOf(unrecorded);
    unrecorded.clear();
    recording = thread.submit(() -> record(rows));
  }

  /**
   * Returns once every row sent so far is recorded: before the sender gives back its claimed rows,
   * none of which may be a sent one.
   *
   * @throws RuntimeException why a batch could not be recorded
   */
  void awaitRecorded() {
    handOver();
    waitForRecording();
  }

  private void waitForRecording() {
    Future<?> r = recording;
    if (r == null) return;
    recording = null;
    HelperThreads.await(r);
  }

  /**
   * The messages are out: record them even through a short database outage, since a row left
   * 'sending' would be sent again once its lease expires.
   */
  private void record(List<OutboxRow> rows) {
    long backoffMs = 200;
    for (int attempt = 1; ; attempt++) {
      try {
        outbox.markSentAll(rows, clock.instant());
        break;
      } catch (RuntimeException e) {
        if (attempt == TRIES) {
          LOG.error("{} digests were sent but could not be recorded; they may be sent again after their lease: {}",
              rows.size(), e.toString());
          throw e;
        }
        try {
          Thread.sleep(backoffMs);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
        backoffMs *= 2;
      }
    }
    onRecorded.accept(rows);
  }

  /** Lets the batches and the claim handed over finish and ends the thread. */
  @Override
  public void close() {
    HelperThreads.finish(thread, Duration.ofSeconds(60));
  }
}
