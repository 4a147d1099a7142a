package dev.paperboy.render;

import static dev.paperboy.render.TestDigests.DIFFUSION;
import static dev.paperboy.render.TestDigests.RL;
import static dev.paperboy.render.TestDigests.SSM;
import static dev.paperboy.render.TestDigests.digest;
import static dev.paperboy.render.TestDigests.paper;
import static dev.paperboy.render.TestDigests.pick;
import static dev.paperboy.render.TestDigests.section;
import static dev.paperboy.render.TestDigests.subscriber;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.catalog.Paper;
import dev.paperboy.select.Digest;
import dev.paperboy.select.Subscriber;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Subscribers who get the same papers under the same topics share one render. */
class ShapeSharingTest {
  private final DigestShape shape = new DigestShape();
  private final Paper a = paper("2603.00001", "Paper A");
  private final Paper b = paper("2603.00002", "Paper B");

  private final Subscriber ada = subscriber("s1", "ada@example.org", "Ada", DIFFUSION, SSM);
  private final Subscriber bob = subscriber("s2", "bob@example.org", "Bob", DIFFUSION, SSM);

  private Digest of(Subscriber s, Paper... papers) {
    return digest(s, section(DIFFUSION, java.util.Arrays.stream(papers).map(p -> pick(p, DIFFUSION)).toArray(dev.paperboy.select.Pick[]::new)));
  }

  @Test
  void sameTopicsSamePapersSameKeyWhoeverTheSubscriber() {
    assertThat(shape.key(of(ada, a, b))).isEqualTo(shape.key(of(bob, a, b))).hasSize(43);
  }

  @Test
  void anythingShownMakesADifferentKey() {
    String base = shape.key(of(ada, a, b));

    assertThat(shape.key(of(ada, a))).isNotEqualTo(base);
    assertThat(shape.key(of(ada, b, a))).as("order").isNotEqualTo(base);
    Paper moreVotes = new Paper(a.id(), a.arxivId(), a.title(), a.abstractText(), a.authors(), a.keywords(), a.githubUrl(), a.hfUrl(), 13, a.source(), a.firstSeen(), a.listings());
    assertThat(shape.key(of(ada, moreVotes, b))).as("upvotes").isNotEqualTo(base);
    Paper withCode = new Paper(a.id(), a.arxivId(), a.title(), a.abstractText(), a.authors(), a.keywords(), "https://github.com/x/y", a.hfUrl(), a.upvotes(), a.source(), a.firstSeen(), a.listings());
    assertThat(shape.key(of(ada, withCode, b))).as("code link").isNotEqualTo(base);
    assertThat(shape.key(of(subscriber("s3", "c@example.org", "", DIFFUSION, RL), a, b))).as("footer topics").isNotEqualTo(base);
    assertThat(shape.key(digest(ada, section(DIFFUSION, pick(a, DIFFUSION, SSM), pick(b, DIFFUSION))))).as("pick topics").isNotEqualTo(base);
    assertThat(shape.key(new Digest(ada, TestDigests.DATE.plusDays(1), TestDigests.WINDOW_END, of(ada, a, b).sections()))).as("date").isNotEqualTo(base);
  }

  @Test
  void equalContentInNewInstancesGivesTheSameKey() {
    Paper copy = new Paper(a.id(), a.arxivId(), a.title(), a.abstractText(), List.copyOf(a.authors()), a.keywords(), a.githubUrl(), a.hfUrl(), a.upvotes(), a.source(), a.firstSeen(), a.listings());
    assertThat(shape.key(of(ada, copy, b))).isEqualTo(shape.key(of(ada, a, b)));
    assertThat(shape.key(of(ada, a, b))).isEqualTo(new DigestShape().key(of(bob, a, b)));
  }

  @Test
  void equalKeysMeanIdenticalRenders() {
    DigestRenderer renderer = TestDigests.renderer();
    RenderedDigest forAda = renderer.render(of(ada, a, b));
    RenderedDigest forBob = renderer.render(of(bob, a, b));

    assertThat(forAda).isEqualTo(forBob);
    assertThat(forAda.html(TestDigests.ada())).isEqualTo(forBob.html(TestDigests.ada()));
  }

  @Test
  void theCacheRendersEachShapeOnce() {
    RenderCache cache = new RenderCache(TestDigests.renderer());
    RenderedDigest first = cache.render(of(ada, a, b));

    assertThat(cache.render(of(bob, a, b))).isSameAs(first);
    assertThat(cache.render(of(ada, a))).isNotSameAs(first);
    assertThat(cache.stats()).extracting(RenderCache.Stats::hits, RenderCache.Stats::misses, RenderCache.Stats::entries).containsExactly(1L, 2L, 2);
  }

  @Test
  void theCacheForgetsTheLeastRecentlyUsedShape() {
    RenderCache cache = new RenderCache(TestDigests.renderer(), 2, Long.MAX_VALUE);
    RenderedDigest ab = cache.render(of(ada, a, b));
    cache.render(of(ada, a));
    cache.render(of(ada, a, b)); // touch: a alone is now the eldest
    cache.render(of(ada, b));

    assertThat(cache.stats().entries()).isEqualTo(2);
    assertThat(cache.render(of(bob, a, b))).isSameAs(ab);
    assertThat(cache.stats().misses()).isEqualTo(3);
  }

  @Test
  void theCacheIsBoundedByCharactersToo() {
    RenderCache cache = new RenderCache(new DigestRenderer(TestDigests.templates(), TestDigests.settings(), Duration.ofHours(1)), 100, 1);
    cache.render(of(ada, a));
    cache.render(of(ada, b));
    assertThat(cache.stats().entries()).isEqualTo(1); // the newest stays even when alone over the bound
  }
}
