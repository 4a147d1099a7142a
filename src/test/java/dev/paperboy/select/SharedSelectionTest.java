package dev.paperboy.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.bench.Population;
import dev.paperboy.bench.SampleCatalog;
import dev.paperboy.catalog.Listing;
import dev.paperboy.catalog.Paper;
import dev.paperboy.render.DigestShape;
import dev.paperboy.source.ParsedPaper;
import dev.paperboy.source.ParsedSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Subscribers with the same selection share one (and one shape key): every digest must be exactly the
 * one an unshared selection makes, whatever the subscriber's history. The benchmark's audience and
 * catalog, 3,000 subscribers, first digests and later ones with papers already sent.
 */
class SharedSelectionTest {
  private static final LocalDate LAST_DAY = LocalDate.of(2026, 3, 13);
  private static final int DAYS = 7;

  @Test
  void sharedSelectionsAndShapeKeysAreThoseOfAnUnsharedRun() {
    SampleCatalog samples = SampleCatalog.load(Path.of("samples"));
    int[] uses = new int[samples.poolSize()];
    List<Paper> papers = new ArrayList<>();
    List<String> likeable = new ArrayList<>();
    for (int k = 0; k < DAYS; k++) {
      LocalDate date = LAST_DAY.minusDays(DAYS - 1 - k);
      ParsedSource day = samples.day(k, date, 7L, uses);
      for (ParsedPaper p : day.papers()) {
        papers.add(new Paper(p.arxivId(), p.arxivId(), p.title(), p.abstractText(), p.authors(), p.keywords(),
            p.githubRepo(), p.hfUrl(), p.upvotes(), day.name(), date.atTime(6, 0).toInstant(ZoneOffset.UTC),
            List.of(new Listing(date, p.rank(), p.upvotes(), day.name()))));
        if (k >= DAYS - 2 && p.rank() <= 10) likeable.add(p.arxivId());
      }
    }
    Population population = new Population(7L, samples.pool(), likeable);
    Instant asOf = LAST_DAY.atTime(12, 0).toInstant(ZoneOffset.UTC);
    Selector selector = new Selector(CatalogView.inMemory(papers));
    SelectionRun shared = selector.prepare(asOf);
    SelectionRun unshared = selector.prepare(asOf);
    unshared.shareSelections(false);
    DigestShape sharedShapes = new DigestShape();
    DigestShape unsharedShapes = new DigestShape();

    SplittableRandom random = new SplittableRandom(11);
    int nonEmpty = 0;
    for (int i = 0; i < 3000; i++) {
      Subscriber s = population.subscriber(i).withId("s" + i);
      DeliveryHistory.History h = history(i, random, papers, asOf);
      for (int round = 0; round < 2; round++) { // the second round meets every selection again
        Digest a = shared.select(s, h);
        Digest b = unshared.select(s, h);
        assertThat(a).as("subscriber %d", i).isEqualTo(b);
        assertThat(sharedShapes.key(a)).as("shape of subscriber %d", i).isEqualTo(unsharedShapes.key(b));
        if (round == 0 && !a.isEmpty()) nonEmpty++;
      }
    }
    assertThat(nonEmpty).isGreaterThan(2500);
    assertThat(shared.sharedSelections()).as("most subscribers share").isGreaterThan(3000);
    assertThat(unshared.sharedSelections()).isZero();
  }

  /**
   * None, or a previous digest a day or two ago with a few papers already sent, some of them candidates
   * now, and for some subscribers hundreds of older papers besides.
   */
  private static DeliveryHistory.History history(int i, SplittableRandom random, List<Paper> papers, Instant asOf) {
    return switch (i % 4) {
      case 0 -> DeliveryHistory.History.NONE;
      case 1 -> new DeliveryHistory.History(asOf.minus(Duration.ofDays(1)), Set.of());
      default -> {
        Set<String> sent = new HashSet<>();
        int n = random.nextInt(1, 6);
        for (int k = 0; k < n; k++) sent.add(papers.get(papers.size() - 1 - random.nextInt(120)).id());
        // a month of digests: more papers sent than the window holds, most of them outside it
        if (i % 4 == 3) for (int k = 0; k < 300; k++) sent.add(String.format("2601.%05d", k));
        yield new DeliveryHistory.History(asOf.minus(Duration.ofDays(1 + i % 3)), sent);
      }
    };
  }
}
