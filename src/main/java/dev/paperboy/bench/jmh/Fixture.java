package dev.paperboy.bench.jmh;

import dev.paperboy.bench.Population;
import dev.paperboy.bench.SampleCatalog;
import dev.paperboy.catalog.Listing;
import dev.paperboy.catalog.Paper;
import dev.paperboy.select.CatalogView;
import dev.paperboy.select.Selector;
import dev.paperboy.select.SelectionRun;
import dev.paperboy.select.Subscriber;
import dev.paperboy.source.ParsedPaper;
import dev.paperboy.source.ParsedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The data of the microbenchmarks: the benchmark's synthetic catalog (7 listing days of 50 papers from
 * the bundled samples, in memory) and its audience. Needs the samples folder: run from the Paperboy
 * folder, or set -Dpaperboy.home.
 */
final class Fixture {
  static final long SEED = 20260313L;
  static final int DAYS = 7;
  static final LocalDate LAST_DAY = LocalDate.of(2026, 3, 13);

  final List<Paper> papers = new ArrayList<>();
  final Instant asOf = LAST_DAY.atTime(12, 0).toInstant(ZoneOffset.UTC);
  final SelectionRun run;
  final Population population;
  final Path home;

  Fixture() {
    home = home();
    SampleCatalog samples = SampleCatalog.load(home.resolve("samples"));
    int[] uses = new int[samples.poolSize()];
    List<String> likeable = new ArrayList<>();
    for (int k = 0; k < DAYS; k++) {
      LocalDate date = LAST_DAY.minusDays(DAYS - 1 - k);
      ParsedSource day = samples.day(k, date, SEED, uses);
      for (ParsedPaper p : day.papers()) {
        papers.add(new Paper(p.arxivId(), p.arxivId(), p.title(), p.abstractText(), p.authors(), p.keywords(),
            p.githubRepo(), p.hfUrl(), p.upvotes(), day.name(), date.atTime(6, 0).toInstant(ZoneOffset.UTC),
            List.of(new Listing(date, p.rank(), p.upvotes(), day.name()))));
        if (k >= DAYS - 2 && p.rank() <= 10) likeable.add(p.arxivId());
      }
    }
    population = new Population(SEED, samples.pool(), likeable);
    run = new Selector(CatalogView.inMemory(papers)).prepare(asOf);
  }

  /** Subscriber i with an id, as the store would hand it over. */
  Subscriber subscriber(int i) {
    return population.subscriber(i).withId(String.format("bench%021d", i));
  }

  static Path home() {
    String h = System.getProperty("paperboy.home", System.getenv().getOrDefault("PAPERBOY_HOME", ""));
    Path p = Path.of(h.isBlank() ? "" : h).toAbsolutePath();
    if (!Files.isDirectory(p.resolve("samples"))) {
      throw new IllegalStateException("no samples/ under " + p + ": run from the Paperboy folder or set -Dpaperboy.home");
    }
    return p;
  }
}
