package dev.paperboy.web;

import dev.paperboy.deliver.Outbox;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * {@code GET /metrics}: a Prometheus registry added to Micrometer's global one, where the deliver and
 * catalog stages record what they do without knowing who reads it, plus the outbox's queue depth
 * (read from the database when scraped) and the JVM's own meters. Removed again on close, so that
 * a stopped server leaves nothing registered.
 */
final class WebMetrics implements AutoCloseable {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  WebMetrics(Outbox outbox) {
    Gauge.builder("paperboy.outbox.queue.depth", outbox, o -> o.countQueued())
        .description("messages queued or being sent (retries included)")
        .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Metrics.addRegistry(registry);
  }

  String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    Metrics.removeRegistry(registry);
    gc.close();
    registry.close();
  }
}
