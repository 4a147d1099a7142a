package dev.paperboy.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human form of a {@code paperboy bench} result. */
final class BenchTable {
  private BenchTable() {}

  static String format(Map<String, Object> r) {
    StringBuilder b = new StringBuilder();
    long history = num(r, "historyDays");
    String past = history > 0 ? String.format(Locale.ROOT, ", %d days of past digests", history) : "";
    b.append(String.format(Locale.ROOT, "paperboy bench: %,d subscribers, %d days%s, %s, sink %s, %d senders,"
            + " record_batch %d, max heap %d MB (%s GC), %d cpus, load %s -> %s%n", num(r, "subscribers"), num(r, "days"),
        past, r.get("storage"), r.get("sink"), num(r, "senders"), num(r, "recordBatch"), num(r, "maxHeapMb"), r.get("collector"),
        num(r, "processors"), r.get("loadAverageAtStart"), r.get("loadAverageAtEnd")));
    b.append(String.format(Locale.ROOT, "%-12s %10s %9s %14s %10s %10s %10s  %s%n", "phase", "count", "seconds", "per second",
        "per CPU-s", "peak heap", "after GC", "notes"));
    row(b, r, "composeCold", "digests", "digestsPerSecond", m -> String.format(Locale.ROOT, "compose, first pass in a new"
        + " JVM (JIT compiling); %,d renders; GC %d ms", num(m, "renders"), num(m, "gcMillis")));
    row(b, r, "compose", "digests", "digestsPerSecond", m -> String.format(Locale.ROOT, "%,d renders, %,d shared;"
        + " %,d selections shared; %,d empty; %,d MB personalised; GC %d ms", num(m, "renders"), num(m, "rendersShared"),
        num(m, "selectionsShared"), num(m, "empty"), num(m, "personalisedBytes") >> 20, num(m, "gcMillis")));
    row(b, r, "queue", "digests", "digestsPerSecond", m -> String.format(Locale.ROOT, "into the outbox: %,d queued,"
        + " %,d renders; GC %d ms", num(m, "queued"), num(m, "renders"), num(m, "gcMillis")));
    row(b, r, "ceilingCold", "messages", "messagesPerSecond", m -> "ceiling, first pass (JIT compiling)");
    row(b, r, "ceiling", "messages", "messagesPerSecond", m -> String.format(Locale.ROOT, "%,d distinct pre-built"
        + " messages, %,d bytes on average", num(m, "distinctMessages"), num(m, "averageBytes")));
    row(b, r, "deliverCold", "messages", "messagesPerSecond", m -> String.format(Locale.ROOT, "deliver, first pass"
        + " (JIT compiling): %s of the first ceiling; received %s; failed %d",
        r.getOrDefault("deliverColdToCeilingCold", "-"), received(m), num(m, "failed")));
    row(b, r, "deliver", "messages", "messagesPerSecond", m -> String.format(Locale.ROOT, "%s of the ceiling;"
        + " received %s; failed %d", r.getOrDefault("deliverToCeiling", "-"), received(m), num(m, "failed")));
    row(b, r, "cycle", "messages", "digestsPerSecond", m -> String.format(Locale.ROOT, "%,d digests (%,d empty) in"
        + " %.1f s of composing, %,d renders; received %s", num(m, "digests"), num(m, "empty"),
        ((Number) m.get("composeSeconds")).doubleValue(), num(m, "renders"), received(m)));
    row(b, r, "prune", "rows", "rowsPerSecond", m -> String.format(Locale.ROOT, "rows dated before %s deleted"
        + " (storage.keep %dd), %,d bodies; %,d rows left%s", m.get("before"), num(m, "keepDays"), num(m, "bodies"),
        num(m, "rowsLeft"), num(m, "h2FileMbBefore") < 0 ? "" : String.format(Locale.ROOT, "; H2 file %,d -> %,d MB",
            num(m, "h2FileMbBefore"), num(m, "h2FileMbAfter"))));
    return b.toString();
  }

  /** Whether every message sent reached a sink that can tell. */
  static boolean allReceived(Map<String, Object> r) {
    List<Object> passes = new ArrayList<>();
    for (String phase : new String[] {"ceilingCold", "ceilingPasses", "deliverCold", "deliverPasses", "cycle"}) {
      if (r.get(phase) instanceof List<?> l) passes.addAll(l);
      else if (r.get(phase) != null) passes.add(r.get(phase));
    }
    for (Object pass : passes) {
      if (!(pass instanceof Map<?, ?> m)) continue;
      long received = ((Number) m.get("received")).longValue();
      Object failed = m.get("failed");
      if (failed != null && ((Number) failed).longValue() > 0) return false;
      if (received >= 0 && received != ((Number) m.get("messages")).longValue()) return false;
    }
    return true;
  }

  private interface Notes {
    String of(Map<?, ?> m);
  }

  private static void row(StringBuilder b, Map<String, Object> r, String phase, String countKey, String rateKey, Notes notes) {
    if (!(r.get(phase) instanceof Map<?, ?> m)) return;
    b.append(String.format(Locale.ROOT, "%-12s %,10d %9.2f %,14.0f %,10d %7d MB %7d MB  %s%n", phase, num(m, countKey),
        ((Number) m.get("seconds")).doubleValue(), ((Number) m.get(rateKey)).doubleValue(), num(m, "perCpuSecond"),
        num(m, "peakHeapMb"),
        num(m, "peakHeapAfterGcMb"), notes.of(m) + collections(m) + written(m) + warmPasses(m)));
  }

  private static String received(Map<?, ?> m) {
    long n = num(m, "received");
    return n < 0 ? "unknown (external server)" : String.format(Locale.ROOT, "%,d", n);
  }

  /** The rates of a phase's warm passes, of which the row shows the fastest. */
  private static String warmPasses(Map<?, ?> m) {
    if (!(m.get("warmPassRates") instanceof List<?> rates) || rates.size() < 2) return "";
    StringBuilder b = new StringBuilder("; fastest of ").append(rates.size()).append(" passes:");
    for (Object rate : rates) b.append(String.format(Locale.ROOT, " %,.0f", ((Number) rate).doubleValue()));
    return b.append("/s").toString();
  }

  /** What the phase wrote to storage, where the kernel tells (on H2 the database file; not a PostgreSQL server's). */
  private static String written(Map<?, ?> m) {
    return m.get("diskWriteMb") instanceof Number n ? String.format(Locale.ROOT, "; wrote %,d MB", n.longValue()) : "";
  }

  /**
   * The longest collection, and full collections when a phase had any: "after GC" then overstates the
   * live set, these give it.
   */
  private static String collections(Map<?, ?> m) {
    String longest = String.format(Locale.ROOT, "; longest GC %d ms", num(m, "longestGcMillis"));
    long n = num(m, "fullGcCount");
    if (n == 0) return longest;
    return String.format(Locale.ROOT, "; %,d full GCs, live set after them at most %,d MB", n, num(m, "liveAfterFullGcMb"))
        + longest;
  }

  private static long num(Map<?, ?> m, String key) {
    Object v = m.get(key);
    return v instanceof Number n ? n.longValue() : 0;
  }
}
