package dev.paperboy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
  @Test
  void threadsThatEndedWithinThePhaseCountUnderTheirNameWithItsNumbersAsHashes() throws Exception {
    Assumptions.assumeTrue(ThreadCpu.supported(), "this JVM cannot tell a thread's CPU time");
    ThreadCpu cpu = new ThreadCpu();
    Thread[] busy = {spin("busy-worker-1"), spin("busy-worker-2")};
    for (Thread t : busy) t.start();
    for (Thread t : busy) t.join();
    Thread.sleep(3 * ThreadCpu.SAMPLE_MILLIS); // sampled after they ended: their last samples count

    Map<String, Double> byThread = cpu.stop(10);

    // each used 150 ms of CPU and was sampled after that
    assertThat(byThread.get("busy-worker-#")).isGreaterThanOrEqualTo(0.3);
    assertThat(byThread).doesNotContainKeys("busy-worker-1", "busy-worker-2");
    assertThat(byThread.values()).allSatisfy(v -> assertThat(v).isGreaterThanOrEqualTo(0.0));
    assertThat(new java.util.ArrayList<>(byThread.values())).isSortedAccordingTo((a, b) -> Double.compare(b, a));
  }

  @Test
  void groupsBeyondTheLimitAreSummedAsOther() throws Exception {
    Assumptions.assumeTrue(ThreadCpu.supported(), "this JVM cannot tell a thread's CPU time");
    ThreadCpu cpu = new ThreadCpu();
    Thread[] busy = {spin("alpha"), spin("beta"), spin("gamma")};
    for (Thread t : busy) t.start();
    for (Thread t : busy) t.join();
    Thread.sleep(2 * ThreadCpu.SAMPLE_MILLIS);

    Map<String, Double> byThread = cpu.stop(1);

    assertThat(byThread).hasSize(2).containsKey("other");
    assertThat(byThread.get("other")).isGreaterThan(0.0);
  }

  /** A thread that uses 150 ms of CPU, then lives until it has been sampled again. */
  private static Thread spin(String name) {
    return new Thread(() -> {
      var bean = java.lang.management.ManagementFactory.getThreadMXBean();
      long x = 0;
      while (bean.getCurrentThreadCpuTime() < 150_000_000L) x += Long.numberOfTrailingZeros(x + 1);
      if (x == 42) System.out.print("");
      sleep(2 * ThreadCpu.SAMPLE_MILLIS);
    }, name);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
