package dev.paperboy.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(5 * SECOND);
  private final RateLimiter.Sleeper sleeper = now::addAndGet;

  /** When each of n permits may be used, in ticker nanoseconds, with the caller sleeping as told. */
  private List<Long> sendTimes(RateLimiter limiter, int n) throws InterruptedException {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      limiter.acquire(sleeper);
      times.add(now.get());
    }
    return times;
  }

  @Test
  void unlimitedNeverWaits() throws InterruptedException {
    RateLimiter limiter = new RateLimiter(0, 0, Duration.ofHours(1), now::get);
    assertThat(limiter.isUnlimited()).isTrue();
    assertThat(sendTimes(limiter, 1000)).containsOnly(5 * SECOND);
  }

  @Test
  void aTokenBucketAllowsOneSecondsBurstThenTheRate() throws InterruptedException {
    RateLimiter limiter = new RateLimiter(4, 0, Duration.ofHours(1), now::get);

    List<Long> t = sendTimes(limiter, 8);

    long start = 5 * SECOND;
    assertThat(t.subList(0, 4)).containsOnly(start);
    // then a token every quarter second
    assertThat(t.subList(4, 8)).containsExactly(start + SECOND / 4, start + SECOND / 2, start + 3 * SECOND / 4,
        start + SECOND);
    // never more than 4 + 4 - 1 in any second, and the long-run rate is 4 a second
    List<Long> more = sendTimes(limiter, 400);
    assertThat(more.get(399) - t.get(0)).isBetween(100 * SECOND - SECOND, 102 * SECOND);
  }

  @Test
  void idleTimeRefillsTheBucketButNoMoreThanItHolds() throws InterruptedException {
    RateLimiter limiter = new RateLimiter(2, 0, Duration.ofHours(1), now::get);
    sendTimes(limiter, 2);
    now.addAndGet(60 * SECOND);
    long after = now.get();

    List<Long> t = sendTimes(limiter, 3);

    assertThat(t).containsExactly(after, after, after + SECOND / 2);
  }

  @Test
  void aFractionalRateSpacesMessagesOut() throws InterruptedException {
    RateLimiter limiter = new RateLimiter(0.5, 0, Duration.ofHours(1), now::get);
    List<Long> t = sendTimes(limiter, 3);
    assertThat(t).containsExactly(5 * SECOND, 7 * SECOND, 9 * SECOND);
  }

  @Test
  void aSlidingWindowCapsMessagesInAnyWindow() throws InterruptedException {
    long hour = 3600 * SECOND;
    RateLimiter limiter = new RateLimiter(0, 3, Duration.ofHours(1), now::get);
    List<Long> t = sendTimes(limiter, 3);
    now.addAndGet(10 * 60 * SECOND); // ten minutes later
    t.addAll(sendTimes(limiter, 4));

    long start = 5 * SECOND;
    assertThat(t).containsExactly(start, start, start, start + hour, start + hour, start + hour, start + 2 * hour);
  }

  @Test
  void bothLimitsTogether() throws InterruptedException {
    RateLimiter limiter = new RateLimiter(1, 2, Duration.ofSeconds(10), now::get);
    List<Long> t = sendTimes(limiter, 5);
    long s = 5 * SECOND;
    assertThat(t).containsExactly(s, s + SECOND, s + 10 * SECOND, s + 11 * SECOND, s + 20 * SECOND);
  }

  @Test
  void reservationsFromManyThreadsAddUp() throws InterruptedException {
    RateLimiter limiter = new RateLimiter(10, 0, Duration.ofHours(1), now::get);
    List<Thread> threads = new ArrayList<>();
    List<Long> waits = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 4; i++) {
      Thread th = new Thread(() -> {
        for (int k = 0; k < 25; k++) waits.add(limiter.reserve());
      });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) th.join();

    // 100 permits at 10 a second with a burst of 10: the last one waits 9 seconds, all distinct after the burst
    assertThat(waits).hasSize(100);
    assertThat(waits.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(9 * SECOND);
    assertThat(waits.stream().filter(w -> w == 0)).hasSize(10);
    assertThat(waits.stream().distinct()).hasSize(91);
  }
}
