package dev.paperboy.web;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} events per key in any sliding window of {@code window}: a sign-up flood from one
 * address (or aimed at one mailbox) is refused with how long to wait. In memory, per process: a limit
 * that restarts with the server, or is counted per node in a cluster, still stops a flood.
 *
 * <p>Keys whose last event left the window are swept once the map passes {@link #SWEEP_AT} keys, so
 * memory stays bounded by the number of keys active within one window.
 */
final class SlidingWindowLimiter {
  static final int SWEEP_AT = 10_000;

  private final int limit;
  private final long windowMillis;
  private final Clock clock;
  private final Map<String, ArrayDeque<Long>> events = new ConcurrentHashMap<>();

  SlidingWindowLimiter(int limit, Duration window, Clock clock) {
    if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
    this.limit = limit;
    this.windowMillis = window.toMillis();
    this.clock = clock;
  }

  /**
   * Counts an event for {@code key} if the window has room.
   *
   * @return 0 when allowed (and counted); otherwise the seconds until the oldest event leaves the window
   *     (at least 1), and nothing is counted
   */
  long acquire(String key) {
    long now = clock.millis();
    if (events.size() > SWEEP_AT) sweep(now);
    ArrayDeque<Long> times = events.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (times) {
      while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) times.pollFirst();
      if (times.size() >= limit) {
        long wait = times.peekFirst() + windowMillis - now;
        return Math.max(1, (wait + 999) / 1000);
      }
      times.addLast(now);
      return 0;
    }
  }

  int keys() {
    return events.size();
  }

  private void sweep(long now) {
    Iterator<Map.Entry<String, ArrayDeque<Long>>> it = events.entrySet().iterator();
    while (it.hasNext()) {
      ArrayDeque<Long> times = it.next().getValue();
      synchronized (times) {
        Long last = times.peekLast();
        if (last == null || last <= now - windowMillis) it.remove();
      }
    }
  }
}
