package dev.paperboy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A full collection measures the live set exactly: the benchmark counts them and reports what they left. */
class HeapWatchTest {
  @Test
  void aFullCollectionIsCountedWithTheLiveSetItLeft() throws Exception {
    byte[] kept = new byte[16 << 20];
    HeapWatch.Usage u;
    try (HeapWatch watch = new HeapWatch()) {
      System.gc(); // a full collection with every collector a JVM picks by default
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (watch.fullGcCount() == 0 && System.nanoTime() < deadline) Thread.sleep(10);
      u = watch.stop();
    }

    assertThat(u.fullGcCount()).isPositive();
    assertThat(u.liveAfterFullGcBytes()).isGreaterThanOrEqualTo(kept.length);
    assertThat(u.gcCount()).isGreaterThanOrEqualTo(u.fullGcCount());
    assertThat(kept).hasSize(16 << 20); // kept alive through the collection
  }

  @Test
  void withoutAFullCollectionThereIsNoLiveSetFigure() {
    HeapWatch.Usage u;
    try (HeapWatch watch = new HeapWatch()) {
      u = watch.stop();
    }
    assertThat(u.fullGcCount()).isZero();
    assertThat(u.liveAfterFullGcBytes()).isEqualTo(-1);
  }
}
