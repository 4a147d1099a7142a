package dev.paperboy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    // a collection's own duration and the collectors' summed time are rounded apart: a millisecond each
    assertThat(u.longestGcMillis()).isBetween(0L, u.gcMillis() + u.gcCount());
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
    assertThat(u.longestGcMillis()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"G1", "Parallel", "Serial"})
  void theCollectorIsNamedAsItsOptionNamesIt(String collector) throws Exception {
    Process jvm = new ProcessBuilder(ChildJvm.command(List.of("-XX:+Use" + collector + "GC"), Name.class.getName()))
        .redirectErrorStream(true).start();
    String said = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(said).isEqualTo(collector);
  }

  /** Prints {@link HeapWatch#collector} of its own JVM. */
  public static final class Name {
    public static void main(String[] args) {
      System.out.println(HeapWatch.collector());
    }
  }
}
