package dev.paperboy.deliver;

import dev.paperboy.config.PaperboyConfig;
import java.time.Duration;

/**
 * The sending rate of a whole process, shared by its sender threads: a token bucket of
 * {@code perSecond} messages a second (holding up to one second's worth, at least one), and a sliding
 * window of at most {@code perWindow} messages in any {@code window} (e.g. 10,000 an hour). Zero turns
 * either limit off.
 *
 * <p>{@link #reserve()} books the next permit and says how long to wait before using it; callers sleep
 * outside the lock however they like (a sender thread wakes early when it is stopped). Time comes from
 * a {@link Ticker}, so tests need no real waiting.
 */
public final class RateLimiter {
  /** Monotonic nanoseconds, like {@link System#nanoTime()}. */
  @FunctionalInterface
  public interface Ticker {
    Ticker SYSTEM = System::nanoTime;

    long nanos();
  }

  /** Waits; in tests, moves a fake ticker on. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private final Ticker ticker;
  private final long interval;
  private final long tolerance;
  private final long windowNanos;
  private final long[] granted;
  private boolean started;
  private long theoreticalArrival;
  private int head;
  private int count;

  public RateLimiter(double perSecond, int perWindow, Duration window, Ticker ticker) {
    if (perSecond < 0 || perWindow < 0) throw new IllegalArgumentException("rates must not be negative");
    this.ticker = ticker;
    this.interval = perSecond == 0 ? 0 : Math.max(1, Math.round(1e9 / perSecond));
    long burst = perSecond == 0 ? 1 : Math.max(1, (long) Math.floor(perSecond));
    this.tolerance = (burst - 1) * interval;
    this.windowNanos = window.toNanos();
    this.granted = new long[perWindow];
  }

  public static RateLimiter unlimited() {
    return new RateLimiter(0, 0, Duration.ofHours(1), Ticker.SYSTEM);
  }

  /** delivery.rate_per_second, delivery.rate_per_window and delivery.rate_window, on the system clock. */
  public static RateLimiter fromConfig(PaperboyConfig.Delivery d) {
    return new RateLimiter(d.ratePerSecond(), d.ratePerWindow(), d.rateWindow(), Ticker.SYSTEM);
  }

  public boolean isUnlimited() {
    return interval == 0 && granted.length == 0;
  }

  /**
   * Books one permit.
   *
   * @return nanoseconds to wait before sending; 0 to send at once
   */
  public long reserve() {
    if (isUnlimited()) return 0;
    synchronized (this) {
      long now = ticker.nanos();
      long at = now;
      if (interval > 0 && started) at = Math.max(at, theoreticalArrival - tolerance);
      if (granted.length > 0 && count == granted.length) at = Math.max(at, granted[head] + windowNanos);
      if (interval > 0) {
        theoreticalArrival = (started ? Math.max(theoreticalArrival, at) : at) + interval;
        started = true;
      }
      if (granted.length > 0) {
        granted[head] = at;
        head = (head + 1) % granted.length;
        count = Math.min(count + 1, granted.length);
      }
      return at - now;
    }
  }

  /** Books a permit and sleeps until it may be used. */
  public void acquire(Sleeper sleeper) throws InterruptedException {
    long wait = reserve();
    if (wait > 0) sleeper.sleepNanos(wait);
  }
}
