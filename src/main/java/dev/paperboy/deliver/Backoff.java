package dev.paperboy.deliver;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to retry after a temporary failure: exponential backoff with full jitter, floored at the initial
 * delay. After the n-th failed attempt the ceiling is {@code initial * 2^(n-1)}, capped at {@code max},
 * and the delay is uniform between {@code initial} and that ceiling, so retries of many messages that
 * failed together spread out instead of coming back at once, and none comes back sooner than
 * {@code initial} (delivery.retry_initial, delivery.retry_max).
 */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final RandomGenerator random;

  public Backoff(Duration initial, Duration max, RandomGenerator random) {
    this.initial = initial;
    this.max = max.compareTo(initial) < 0 ? initial : max;
    this.random = random;
  }

  /** @param failedAttempts attempts made so far, all failed (1 after the first failure) */
  public Duration delay(int failedAttempts) {
    long initialMs = initial.toMillis();
    int doublings = Math.min(Math.max(failedAttempts - 1, 0), 40);
    long ceiling = initialMs > max.toMillis() >> doublings ? max.toMillis() : initialMs << doublings;
    long spread = ceiling - initialMs;
    return Duration.ofMillis(initialMs + (spread <= 0 ? 0 : (long) (random.nextDouble() * (spread + 1))));
  }
}
