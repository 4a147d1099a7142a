package dev.paperboy.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.jdbi.v3.core.Jdbi;

/**
 * For operators and the one script: {@code /healthz} (the database answers), {@code /metrics}
 * (Prometheus text format) and {@code /static/tz.js} (fills the time zone in from the browser).
 */
final class OpsRoutes {
  private final Jdbi jdbi;
  private final WebMetrics metrics;
  private final byte[] tzScript;

  OpsRoutes(Jdbi jdbi, WebMetrics metrics) {
    this.jdbi = jdbi;
    this.metrics = metrics;
    try (InputStream in = OpsRoutes.class.getResourceAsStream("tz.js")) {
      if (in == null) throw new IllegalStateException("tz.js missing from the classpath");
      this.tzScript = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void register(Router routes) {
    routes.get("/healthz", this::health);
    routes.get("/metrics", ctx -> ctx.contentType(WebMetrics.CONTENT_TYPE).result(metrics.scrape()));
    routes.get("/static/tz.js", ctx -> {
      ctx.header("Cache-Control", "public, max-age=3600");
      ctx.contentType("text/javascript; charset=utf-8").result(tzScript);
    });
  }

  private void health(Context ctx) {
    boolean up;
    try {
      up = jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
    } catch (RuntimeException e) {
      up = false;
    }
    ctx.status(up ? 200 : 503).contentType("application/json")
        .result(up ? "{\"status\":\"ok\",\"database\":\"ok\"}" : "{\"status\":\"unavailable\",\"database\":\"down\"}");
  }
}
