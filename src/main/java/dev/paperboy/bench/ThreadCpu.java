package dev.paperboy.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where one phase's CPU went: each Java thread's CPU time during the phase, grouped by name with its
 * numbers as '#' (the four senders are one group, their outbox threads another, every connection of
 * the sink a third), and what no sampled Java thread accounts for (see {@link #REST}). Sampled every
 * {@value #SAMPLE_MILLIS} ms, so a thread that ends within the phase counts up to its last sample.
 * (JFR's execution samples miss threads writing to sockets; the kernel's per-thread figures cut names
 * to 15 characters: this is the view neither gives.)
 */
final class ThreadCpu implements AutoCloseable {
  static final long SAMPLE_MILLIS = 20;
  /**
   * The process's CPU time less every sampled Java thread's: the JVM's own threads (GC, JIT
   * compilers), and any Java thread that lived less than a sampling interval.
   */
  static final String REST = "rest (GC, JIT, threads too short to sample)";

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final long processAtStart = Bench.processCpuNanos();
  private final Map<Long, String> names = new HashMap<>();
  private final Map<Long, Long> atStart = new HashMap<>();
  private final Map<Long, Long> latest = new HashMap<>();
  private final Thread sampler;
  private volatile boolean running = true;

  ThreadCpu() {
    sample(atStart);
    sampler = new Thread(() -> {
      while (running) {
        try {
          Thread.sleep(SAMPLE_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
        sample(latest);
      }
    }, "bench-thread-cpu");
    sampler.setDaemon(true);
    sampler.start();
  }

  static boolean supported() {
    ThreadMXBean t = ManagementFactory.getThreadMXBean();
    return t.isThreadCpuTimeSupported() && t.isThreadCpuTimeEnabled() && Bench.processCpuNanos() >= 0;
  }

  private synchronized void sample(Map<Long, Long> into) {
    long[] ids = threads.getAllThreadIds();
    for (long id : ids) {
      long cpu = threads.getThreadCpuTime(id);
      if (cpu < 0) continue; // ended meanwhile
      if (!names.containsKey(id)) {
        ThreadInfo info = threads.getThreadInfo(id);
        if (info == null) continue;
        names.put(id, info.getThreadName().replaceAll("\\d+", "#"));
      }
      into.put(id, cpu);
    }
  }

  /**
   * @return CPU seconds by thread group, the busiest first, the JVM's own threads included; at most
   *     {@code groups} entries, the rest summed as "other"
   */
  Map<String, Double> stop(int groups) {
    close();
    sample(latest);
    long process = Bench.processCpuNanos() - processAtStart;
    Map<String, Long> byGroup = new HashMap<>();
    long javaThreads = 0;
    synchronized (this) {
      for (Map.Entry<Long, Long> e : latest.entrySet()) {
        long used = e.getValue() - atStart.getOrDefault(e.getKey(), 0L);
        if (used <= 0) continue;
        byGroup.merge(names.get(e.getKey()), used, Long::sum);
        javaThreads += used;
      }
    }
    if (process > javaThreads) byGroup.put(REST, process - javaThreads);
    Map<String, Double> out = new LinkedHashMap<>();
    long other = 0;
    int n = 0;
    for (Map.Entry<String, Long> e : byGroup.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).toList()) {
      if (n++ < groups) out.put(e.getKey(), seconds(e.getValue()));
      else other += e.getValue();
    }
    if (other > 0) out.put("other", seconds(other));
    return out;
  }

  private static double seconds(long nanos) {
    return Math.round(nanos / 1e7) / 100.0;
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    try {
      sampler.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
