package dev.paperboy.deliver;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;

/**
 * What composing and sending count, recorded in Micrometer's global registry. Nothing here knows who
 * reads them: without a registry added to the global one (only {@code serve} with its web app adds
 * Prometheus) every call is a no-op, so commands and tests pay nothing.
 */
final class DeliveryMetrics {
  private static final Counter COMPOSED = Metrics.counter("paperboy.digests.composed");
  private static final Map<OutboxRow.Kind, Counter> SENT = byKind("paperboy.messages.sent");
  private static final Map<OutboxRow.Kind, Counter> FAILED = byKind("paperboy.messages.failed");
  /** From handing the message to the transport until the server accepted it (or refused it). */
  private static final Timer SEND = Timer.builder("paperboy.send.latency")
      .description("time to hand one message to the mail server")
      .publishPercentileHistogram()
      .register(Metrics.globalRegistry);

  private DeliveryMetrics() {}

  static void composed(long n) {
    if (n > 0) COMPOSED.increment(n);
  }

  static void sent(OutboxRow row) {
    SENT.get(row.kind()).increment();
  }

  static void failed(OutboxRow row) {
    FAILED.get(row.kind()).increment();
  }

  static void sendTime(long nanos) {
    SEND.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private static Map<OutboxRow.Kind, Counter> byKind(String name) {
    Map<OutboxRow.Kind, Counter> m = new EnumMap<>(OutboxRow.Kind.class);
    for (OutboxRow.Kind k : OutboxRow.Kind.values()) m.put(k, Metrics.counter(name, "kind", k.sql()));
    return m;
  }
}
