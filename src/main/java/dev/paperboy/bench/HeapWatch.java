package dev.paperboy.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * Heap use of one phase, sampled every {@value #SAMPLE_MILLIS} ms: the most used at any sample
 * (garbage included, so bounded by -Xmx rather than by need) and the most still used right after a
 * collection (the live set), plus the time spent collecting.
 */
final class HeapWatch implements AutoCloseable {
  static final long SAMPLE_MILLIS = 10;

  record Usage(long peakUsedBytes, long peakAfterGcBytes, long gcMillis, long gcCount) {}

  private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP).toList();
  private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
  private final long gcMillisAtStart;
  private final long gcCountAtStart;
  private final Thread sampler;
  private volatile boolean running = true;
  private volatile long peakUsed;
  private volatile long peakAfterGc;

  HeapWatch() {
    gcMillisAtStart = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    gcCountAtStart = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    for (MemoryPoolMXBean p : heapPools) p.resetPeakUsage();
    sample();
    sampler = new Thread(() -> {
      while (running) {
        sample();
        try {
          Thread.sleep(SAMPLE_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-heap-watch");
    sampler.setDaemon(true);
    sampler.start();
  }

  private void sample() {
    long used = 0;
    long afterGc = 0;
    for (MemoryPoolMXBean p : heapPools) {
      used += p.getUsage().getUsed();
      MemoryUsage c = p.getCollectionUsage();
      if (c != null) afterGc += c.getUsed();
    }
    if (used > peakUsed) peakUsed = used;
    if (afterGc > peakAfterGc) peakAfterGc = afterGc;
  }

  Usage stop() {
    running = false;
    sampler.interrupt();
    try {
      sampler.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sample();
    long gcMillis = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum() - gcMillisAtStart;
    long gcCount = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum() - gcCountAtStart;
    return new Usage(peakUsed, peakAfterGc, gcMillis, gcCount);
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }

  static long maxHeapBytes() {
    return Runtime.getRuntime().maxMemory();
  }
}
