package dev.paperboy.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static RandomGenerator fixed(double value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return 0;
      }

      @Override
      public double nextDouble() {
        return value;
      }
    };
  }

  @Test
  void theCeilingDoublesFromTheInitialDelayUpToTheMaximum() {
    Backoff highest = new Backoff(Duration.ofMinutes(1), Duration.ofHours(1), fixed(0.999999999));

    assertThat(highest.delay(1)).isEqualTo(Duration.ofMinutes(1));
    assertThat(highest.delay(2)).isEqualTo(Duration.ofMinutes(2));
    assertThat(highest.delay(3)).isEqualTo(Duration.ofMinutes(4));
    assertThat(highest.delay(7)).isEqualTo(Duration.ofMinutes(60));
    assertThat(highest.delay(8)).isEqualTo(Duration.ofHours(1));
    assertThat(highest.delay(1000)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void theDelayIsNeverBelowTheInitialOne() {
    Backoff lowest = new Backoff(Duration.ofMinutes(1), Duration.ofHours(1), fixed(0));
    for (int n = 1; n < 12; n++) assertThat(lowest.delay(n)).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void delaysSpreadOverTheWholeRange() {
    Backoff b = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(10), new SplittableRandom(42));
    long below = 0;
    long above = 0;
    for (int i = 0; i < 1000; i++) {
      Duration d = b.delay(5); // ceiling 160 s
      assertThat(d).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(160));
      if (d.compareTo(Duration.ofSeconds(85)) < 0) below++;
      else above++;
    }
    assertThat(below).isBetween(400L, 600L);
    assertThat(above).isBetween(400L, 600L);
  }
}
