package dev.paperboy.bench.jmh;

import dev.paperboy.render.DigestRenderer;
import dev.paperboy.render.Recipient;
import dev.paperboy.render.RenderSettings;
import dev.paperboy.render.RenderedDigest;
import dev.paperboy.select.Digest;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.Topic;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rendering: a 10-paper, two-topic digest rendered with the bundled templates (HTML and text, what a
 * distinct digest shape costs), its shape key (what every digest costs), and splicing one recipient
 * into the shared render (what every other subscriber of the shape costs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RenderBench {
  private DigestRenderer renderer;
  private Digest digest;
  private RenderedDigest rendered;
  private Recipient recipient;

  @Setup
  public void setUp() {
    Fixture fixture = new Fixture();
    renderer = new DigestRenderer(fixture.home.resolve("templates"),
        new RenderSettings("https://paperboy.example.org", "Paperboy", "Paperboy trending papers"), Duration.ofHours(1));
    Subscriber s = fixture.subscriber(0);
    Topic llm = fixture.population.namedTopics().get("llm");
    Topic diffusion = fixture.population.namedTopics().get("diffusion");
    Subscriber two = new Subscriber(s.id(), s.email(), s.name(), List.of(llm, diffusion), null, s.timezone(), s.sendAt(),
        s.frequency(), 10, false, s.origin());
    digest = fixture.run.select(two, null);
    if (digest.paperCount() != 10) throw new IllegalStateException("expected 10 papers, got " + digest.paperCount());
    rendered = renderer.render(digest);
    recipient = new Recipient(s.email(), "Ada Lovelace", "https://paperboy.example.org/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.v1.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
        "https://paperboy.example.org/manage/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.v1.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
        "https://paperboy.example.org/digest/AAAAAAAAAAAAAAAAAAAAAA.v1.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");
  }

  @Benchmark
  public RenderedDigest renderHtmlAndText() {
    return renderer.render(digest);
  }

  @Benchmark
  public String shapeKey() {
    return renderer.shapeKey(digest);
  }

  @Benchmark
  public String spliceHtml() {
    return rendered.html(recipient);
  }

  @Benchmark
  public String spliceText() {
    return rendered.text(recipient);
  }
}
