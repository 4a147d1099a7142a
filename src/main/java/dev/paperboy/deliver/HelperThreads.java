package dev.paperboy.deliver;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The single background threads the pipeline hands work to (pre-rendering, outbox writing, building
 * and recording for a sender): named, daemon, and ended without an interrupt, since an interrupt in
 * the middle of an H2 read closes the database file.
 */
final class HelperThreads {
  private HelperThreads() {}

  /** One named daemon thread running tasks in the order submitted. */
  static ExecutorService single(String name) {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * A helper's result, waited for.
   *
   * @throws RuntimeException what the task threw (anything else wrapped)
   */
  static <T> T await(Future<T> pending) {
    try {
      return pending.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new IllegalStateException("on a sender's helper thread: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a sender's helper thread", e);
    }
  }

  /** Lets the tasks already submitted finish, waiting at most {@code timeout}, and ends the thread. */
  static void finish(ExecutorService thread, Duration timeout) {
    thread.shutdown();
    try {
      thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
