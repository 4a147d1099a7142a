package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.catalog.Catalog;
import dev.paperboy.catalog.Ingestion;
import dev.paperboy.deliver.DigestCycle;
import dev.paperboy.render.DigestRenderer;
import dev.paperboy.render.RenderCache;
import dev.paperboy.select.Audience;
import dev.paperboy.select.Selector;
import dev.paperboy.source.ParseContext;
import dev.paperboy.source.SourceFormat;
import dev.paperboy.source.SourceReader;
import dev.paperboy.storage.Database;
import dev.paperboy.testing.OnBothDatabases;
import dev.paperboy.testing.TestHome;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;

/** /healthz and /metrics: what an operator's monitoring reads. */
class OpsTest {
  @TempDir Path dir;

  @OnBothDatabases
  void healthAndPrometheusMetricsFollowWhatTheStagesDo(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      HttpResponse<String> health = web.get("/healthz");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("{\"status\":\"ok\",\"database\":\"ok\"}");

      String before = metrics(web);
      assertThat(before).contains("# TYPE paperboy_outbox_queue_depth gauge").contains("jvm_memory_used_bytes");
      assertThat(value(before, "paperboy_outbox_queue_depth")).isZero();

      // ingest: counted by result
      new Ingestion(new SourceReader(Duration.ofSeconds(5), Duration.ofSeconds(5)), new Catalog(web.db.jdbi(), web.clock))
          .ingest(TestHome.sample("daily-papers-listing-mar12.txt"), SourceFormat.AUTO,
              new ParseContext(LocalDate.of(2026, 3, 14), false));
      // compose: the file's subscriber is due today
      new DigestCycle(web.outbox, new Audience(web.db.jdbi(), web.clock), Selector.over(web.db.jdbi()),
          new RenderCache(DigestRenderer.fromConfig(web.config)), web.links, web.clock)
          .compose(web.topics.get(), DigestCycle.Request.everyoneDue(), c -> {});
      web.signUp("ada@example.org", "diffusion");
      String queued = metrics(web);
      assertThat(value(queued, "paperboy_outbox_queue_depth")).isEqualTo(2); // the digest and the confirmation
      assertThat(value(queued, "paperboy_ingest_papers_total{result=\"added\"}")
          - value(before, "paperboy_ingest_papers_total{result=\"added\"}")).isPositive();
      assertThat(value(queued, "paperboy_digests_composed_total") - value(before, "paperboy_digests_composed_total"))
          .isEqualTo(1);

      assertThat(web.deliver().sent()).isEqualTo(2);
      String sent = metrics(web);
      assertThat(value(sent, "paperboy_outbox_queue_depth")).isZero();
      assertThat(value(sent, "paperboy_messages_sent_total{kind=\"confirm\"}")
          - value(before, "paperboy_messages_sent_total{kind=\"confirm\"}")).isEqualTo(1);
      assertThat(value(sent, "paperboy_messages_sent_total{kind=\"digest\"}")
          - value(before, "paperboy_messages_sent_total{kind=\"digest\"}")).isEqualTo(1);
      assertThat(value(sent, "paperboy_send_latency_seconds_count")
          - value(before, "paperboy_send_latency_seconds_count")).isEqualTo(2);
      assertThat(sent).contains("paperboy_messages_failed_total{kind=\"digest\"}");
    }
  }

  private static String metrics(WebHarness web) {
    HttpResponse<String> r = web.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    return r.body();
  }

  /** The value of one sample line, e.g. {@code paperboy_messages_sent_total{kind="confirm"} 3.0}; 0 when absent. */
  private static double value(String scrape, String sample) {
    Matcher m = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
