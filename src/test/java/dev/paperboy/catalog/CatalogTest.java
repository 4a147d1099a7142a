package dev.paperboy.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.source.ParsedPaper;
import dev.paperboy.source.ParsedSource;
import dev.paperboy.source.SourceFormat;
import dev.paperboy.storage.Database;
import dev.paperboy.testing.MutableClock;
import dev.paperboy.testing.OnBothDatabases;
import dev.paperboy.testing.TestDatabases;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

class CatalogTest {
  private static final LocalDate MAR12 = LocalDate.of(2026, 3, 12);
  private static final LocalDate MAR13 = LocalDate.of(2026, 3, 13);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-12T06:00:00Z"));

  @OnBothDatabases
  void aNewPaperIsStoredWithItsListing(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Catalog catalog = new Catalog(db.jdbi(), clock);
      IngestReport r = catalog.ingest(source("mar12.txt",
          paper(null, "Lion Secretly Solves Constrained Optimization", MAR12, 1, null),
          paper("2406.03736", "Your Absorbing Discrete Diffusion", MAR12, 2, 17)));

      assertThat(r.added()).isEqualTo(2);
      assertThat(r.known()).isZero();
      List<Paper> papers = catalog.papers(null);
      assertThat(papers).extracting(Paper::title)
          .containsExactly("Lion Secretly Solves Constrained Optimization", "Your Absorbing Discrete Diffusion");
      Paper lion = papers.get(0);
      assertThat(lion.id()).isEqualTo(TitleKey.paperId(lion.title())).startsWith("t-");
      assertThat(lion.listings()).containsExactly(new Listing(MAR12, 1, null, "mar12.txt"));
      assertThat(lion.firstSeen()).isEqualTo(clock.instant());
      Paper radd = papers.get(1);
      assertThat(radd.id()).isEqualTo("2406.03736");
      assertThat(radd.upvotes()).isEqualTo(17);
      assertThat(radd.authors()).containsExactly("Ada Lovelace", "Alan Turing");
      assertThat(radd.absUrl()).contains("https://arxiv.org/abs/2406.03736");
    }
  }

  @OnBothDatabases
  void reingestingTheSameSourceChangesNothing(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Catalog catalog = new Catalog(db.jdbi(), clock);
      ParsedSource s = source("mar12.txt", paper(null, "A", MAR12, 1, 3), paper("2401.00001", "B", MAR12, 2, null));
      catalog.ingest(s);
      List<Paper> before = catalog.papers(null);
      clock.advanceHours(5);

      IngestReport again = catalog.ingest(s);

      assertThat(again.added()).isZero();
      assertThat(again.known()).isEqualTo(2);
      assertThat(again.newListings()).isZero();
      assertThat(catalog.papers(null)).isEqualTo(before);
    }
  }

  @OnBothDatabases
  void theSamePaperUnderAnotherSpellingOfItsTitleGrowsItsListingHistory(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Catalog catalog = new Catalog(db.jdbi(), clock);
      catalog.ingest(source("mar12.txt", paper(null, "Schrödinger's Cat: A  Study", MAR12, 4, null)));
      Instant firstSeen = clock.instant();
      clock.advanceHours(24);

      IngestReport r = catalog.ingest(source("mar13.txt", paper(null, "SCHRÖDINGER’S CAT — a study!", MAR13, 2, null)));

      assertThat(r.added()).isZero();
      assertThat(r.known()).isEqualTo(1);
      assertThat(r.newListings()).isEqualTo(1);
      Paper p = catalog.papers(null).get(0);
      assertThat(p.title()).isEqualTo("Schrödinger's Cat: A  Study");
      assertThat(p.firstSeen()).isEqualTo(firstSeen);
      assertThat(p.listings()).extracting(Listing::date, Listing::rank)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(MAR12, 4), org.assertj.core.groups.Tuple.tuple(MAR13, 2));
    }
  }

  @OnBothDatabases
  void aLaterSourceFillsInWhatTheCatalogLacked(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Catalog catalog = new Catalog(db.jdbi(), clock);
      ParsedPaper fromListing = new ParsedPaper(null, "Feynman-Kac Correctors in Diffusion", "While score-based [...]",
          List.of(), MAR12, 3, null, null, List.of(), null);
      catalog.ingest(source("listing.txt", fromListing));
      ParsedPaper fromHf = new ParsedPaper("2503.02819", "Feynman-Kac Correctors in Diffusion",
          "While score-based generative models are the model of choice.", List.of("Marta Skreta"), MAR12, 1, 42,
          "https://github.com/x/fkc", List.of("diffusion"), "https://huggingface.co/papers/2503.02819");

      catalog.ingest(source("hf.json", fromHf));

      Paper p = catalog.papers(null).get(0);
      assertThat(p.id()).isEqualTo(TitleKey.paperId("Feynman-Kac Correctors in Diffusion"));
      assertThat(p.arxivId()).isEqualTo("2503.02819");
      assertThat(p.abstractText()).isEqualTo("While score-based generative models are the model of choice.");
      assertThat(p.authors()).containsExactly("Marta Skreta");
      assertThat(p.upvotes()).isEqualTo(42);
      assertThat(p.githubUrl()).isEqualTo("https://github.com/x/fkc");
      assertThat(p.hfUrl()).isEqualTo("https://huggingface.co/papers/2503.02819");
      assertThat(p.pageUrl()).isEqualTo("https://huggingface.co/papers/2503.02819");
      assertThat(p.listings()).hasSize(1).first().extracting(Listing::source).isEqualTo("listing.txt");
    }
  }

  @OnBothDatabases
  void aFailureInsideASourceLeavesTheCatalogAsItWas(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Catalog catalog = new Catalog(db.jdbi(), clock);
      catalog.ingest(source("ok.txt", paper(null, "Kept", MAR12, 1, null)));
      String tooLong = "x".repeat(5000); // beyond the title column: the insert fails mid-source
      ParsedSource bad = source("bad.txt", paper(null, "Not kept", MAR13, 1, null), paper(null, tooLong, MAR13, 2, null));

      assertThatThrownBy(() -> catalog.ingest(bad)).isInstanceOf(RuntimeException.class);

      assertThat(catalog.papers(null)).extracting(Paper::title).containsExactly("Kept");
    }
  }

  @OnBothDatabases
  void papersSinceADayAreThoseListedOnOrAfterIt(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Catalog catalog = new Catalog(db.jdbi(), clock);
      catalog.ingest(source("a", paper(null, "Old", MAR12, 1, null), paper(null, "Both days", MAR12, 2, null)));
      catalog.ingest(source("b", paper(null, "Both days", MAR13, 1, null), paper(null, "New", MAR13, 2, null)));

      assertThat(catalog.papers(MAR13)).extracting(Paper::title).containsExactly("Both days", "New");
      assertThat(catalog.papers(null)).extracting(Paper::title).containsExactly("Both days", "New", "Old");
    }
  }

  private static ParsedPaper paper(String arxivId, String title, LocalDate day, int rank, Integer upvotes) {
    return new ParsedPaper(arxivId, title, "Abstract of " + title, List.of("Ada Lovelace", "Alan Turing"), day, rank,
        upvotes, null, List.of(), null);
  }

  private static ParsedSource source(String name, ParsedPaper... papers) {
    return new ParsedSource(name, SourceFormat.LISTING, List.of(papers), List.of(), List.of());
  }
}
