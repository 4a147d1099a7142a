package dev.paperboy.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap use of one phase, sampled every {@value #SAMPLE_MILLIS} ms: the most used at any sample
 * (garbage included, so bounded by -Xmx rather than by need) and the most still used right after a
 * collection, plus the time spent collecting. After a young collection the old generation still
 * holds its garbage, so when it fills (G1 marking cannot keep up) that figure reaches -Xmx while the
 * live set is half of it; full collections, when there are any, measure the live set exactly: they
 * are counted, and the most left after one reported apart.
 */
final class HeapWatch implements AutoCloseable {
  static final long SAMPLE_MILLIS = 10;

  /**
   * @param liveAfterFullGcBytes the most left after a full collection; -1 when there was none
   * @param longestGcMillis      the longest single collection the collectors reported (with G1 on Java
   *                             17 its pauses, without the remark and cleanup pauses of its marking)
   */
  record Usage(long peakUsedBytes, long peakAfterGcBytes, long gcMillis, long gcCount, long fullGcCount,
      long liveAfterFullGcBytes, long longestGcMillis) {}

  private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP).toList();
  private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
  private final long gcMillisAtStart;
  private final long gcCountAtStart;
  private final Thread sampler;
  private volatile boolean running = true;
  private volatile long peakUsed;
  private volatile long peakAfterGc;
  private final Set<String> heapPoolNames = heapPools.stream().map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
  private final AtomicLong fullGcs = new AtomicLong();
  private final AtomicLong liveAfterFullGc = new AtomicLong(-1);
  private final AtomicLong longestGc = new AtomicLong();
  private final NotificationListener onGc = this::collected;

  HeapWatch() {
    gcMillisAtStart = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    gcCountAtStart = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    for (MemoryPoolMXBean p : heapPools) p.resetPeakUsage();
    for (GarbageCollectorMXBean c : collectors) {
      if (c instanceof NotificationEmitter e) e.addNotificationListener(onGc, null, null);
    }
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

  private void collected(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    longestGc.accumulateAndGet(info.getGcInfo().getDuration(), Math::max);
    if (!"end of major GC".equals(info.getGcAction())) return;
    long live = 0;
    for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPoolNames.contains(e.getKey())) live += e.getValue().getUsed();
    }
    fullGcs.incrementAndGet();
    liveAfterFullGc.accumulateAndGet(live, Math::max);
  }

  /** Full collections seen so far (their notifications come on a thread of the JVM's, shortly after). */
  long fullGcCount() {
    return fullGcs.get();
  }

  private void unsubscribe() {
    for (GarbageCollectorMXBean c : collectors) {
      if (c instanceof NotificationEmitter e) {
        try {
          e.removeNotificationListener(onGc);
        } catch (ListenerNotFoundException ignored) {
          // never added
        }
      }
    }
  }

  Usage stop() {
    running = false;
    unsubscribe();
    sampler.interrupt();
    try {
      sampler.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sample();
    long gcMillis = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum() - gcMillisAtStart;
    long gcCount = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum() - gcCountAtStart;
    return new Usage(peakUsed, peakAfterGc, gcMillis, gcCount, fullGcs.get(), liveAfterFullGc.get(), longestGc.get());
  }

  @Override
  public void close() {
    running = false;
    unsubscribe();
    sampler.interrupt();
  }

  /** The collector's name, e.g. "G1" or "Parallel", from its beans' names. */
  static String collector() {
    List<String> names = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList();
    if (names.stream().anyMatch(n -> n.startsWith("G1"))) return "G1";
    if (names.contains("PS Scavenge")) return "Parallel";
    if (names.contains("Copy")) return "Serial";
    return String.join(", ", names);
  }

  static long maxHeapBytes() {
    return Runtime.getRuntime().maxMemory();
  }
}
