package dev.paperboy.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.paperboy.catalog.Listing;
import dev.paperboy.catalog.Paper;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SelectionTest {
  private static final LocalDate MAR12 = LocalDate.of(2026, 3, 12);
  private static final LocalDate MAR13 = LocalDate.of(2026, 3, 13);
  private static final LocalDate MAR14 = LocalDate.of(2026, 3, 14);
  /** A digest time after the Mar 14 ingest at 06:00 UTC. */
  private static final Instant T = Instant.parse("2026-03-14T08:00:00Z");

  // --- matching -------------------------------------------------------------------------------

  @Test
  void stemmingFindsOtherFormsOfAWord() {
    List<Paper> papers = List.of(
        paper("a", "Fast sampling of diffusion models", "We sample faster."),
        paper("b", "Unrelated", "Nothing about it."));

    assertThat(titles(matches(papers, "diffusions"))).containsExactly("Fast sampling of diffusion models");
    assertThat(titles(matches(papers, "sampled"))).containsExactly("Fast sampling of diffusion models");
  }

  @Test
  void phrasesMatchWordsInOrderOnly() {
    List<Paper> papers = List.of(
        paper("a", "Structured state space models", ""),
        paper("b", "The space of a state machine", ""));

    assertThat(titles(matches(papers, "\"state space\""))).containsExactly("Structured state space models");
    assertThat(titles(matches(papers, "state space"))).hasSize(2);
  }

  @Test
  void booleanOperatorsCombineTerms() {
    List<Paper> papers = List.of(
        paper("a", "Mamba for vision", "state space"),
        paper("b", "Mamba for language", "transformer"),
        paper("c", "Transformers for vision", "attention"));

    assertThat(titles(matches(papers, "mamba AND vision"))).containsExactly("Mamba for vision");
    assertThat(titles(matches(papers, "mamba OR attention"))).hasSize(3);
    assertThat(titles(matches(papers, "mamba NOT vision"))).containsExactly("Mamba for language");
    assertThat(titles(matches(papers, "(mamba OR transformer) AND NOT language"))).containsExactlyInAnyOrder(
        "Mamba for vision", "Transformers for vision");
  }

  @Test
  void authorsMatchWithoutStemmingAndWithFoldedAccents() {
    List<Paper> papers = List.of(
        paper("a", "One", "", List.of("Erwin Schrödinger", "Yann LeCun")),
        paper("b", "Two", "", List.of("Erwin Schrödingers")));

    assertThat(titles(matches(papers, "authors:schrodinger"))).containsExactly("One");
    assertThat(titles(matches(papers, "authors:\"Yann LeCun\""))).containsExactly("One");
    assertThat(titles(matches(papers, "authors:\"Schrödinger Yann\""))).isEmpty();
  }

  @Test
  void aTitleHitWeighsMoreThanAnAbstractHit() {
    List<Paper> papers = List.of(
        paper("abstract", "A study of sequence models", "We compare Mamba with other sequence models at length."),
        paper("title", "Mamba at scale", "We compare it with other sequence models at length."));
    Selection s = new Selection(papers);

    Digest d = s.run().select(subscriber(topic("ssm", "mamba")), DeliveryHistory.History.NONE);

    assertThat(d.picks()).extracting(p -> p.paper().id()).containsExactly("title", "abstract");
    assertThat(d.picks().get(0).score()).isGreaterThan(d.picks().get(1).score());
  }

  @Test
  void excludeRemovesMatchingPapers() {
    List<Paper> papers = List.of(
        paper("a", "Diffusion models of galaxies", "astrophysics"),
        paper("b", "Diffusion models for text", "language"));
    Selection s = new Selection(papers);
    Subscriber sub = exclude(subscriber(topic("d", "diffusion")), "astrophysics OR exoplanet");

    Digest d = s.run().select(sub, DeliveryHistory.History.NONE);

    assertThat(d.picks()).extracting(p -> p.paper().id()).containsExactly("b");
  }

  @Test
  void likeFindsTheOtherDiscreteDiffusionPapersAboveUnrelatedOnes() {
    List<Paper> seeds = Seeds.papers();
    SelectionRun run = new Selector(CatalogView.inMemory(seeds)).prepare(T);
    Topic like = new Topic("like-radd", "Papers like RADD", null, List.of(Seeds.RADD));
    Subscriber s = max(subscriber(like), 50);

    Digest d = run.select(s, new DeliveryHistory.History(Instant.parse("2026-03-01T00:00:00Z"), Set.of()));

    List<String> titles = d.picks().stream().map(p -> p.paper().title()).toList();
    assertThat(titles).doesNotContain(Seeds.RADD); // the reader knows it already
    assertThat(titles).contains("Energy-Based Diffusion Language Models for Text Generation");
    assertThat(titles.indexOf("Energy-Based Diffusion Language Models for Text Generation")).isLessThan(5);
    assertThat(titles).doesNotContain("Is Mamba Effective for Time Series Forecasting?",
        "Star Formation Rates, Metallicities, and Stellar Masses on kpc-scales in TNG50",
        "Characterizing WASP-43b's interior structure: unveiling tidal decay and apsidal motion");
    long diffusionFirst = titles.stream().limit(4).filter(t -> t.toLowerCase().contains("diffusion")
        || t.contains("Marginalization")).count();
    assertThat(diffusionFirst).isGreaterThanOrEqualTo(3);
  }

  // --- windows and history ----------------------------------------------------------------------

  @Test
  void aFirstDigestHoldsTheMostRecentListingDay() {
    SelectionRun run = new Selector(CatalogView.inMemory(Seeds.papers())).prepare(T);
    Subscriber s = max(subscriber(topic("all", "model OR learning OR planets")), 50);

    Digest d = run.select(s, null);

    assertThat(d.date()).isEqualTo(MAR14);
    assertThat(d.windowEnd()).isEqualTo(T);
    assertThat(d.picks()).isNotEmpty().allSatisfy(p -> assertThat(p.paper().listings())
        .extracting(Listing::date).contains(MAR14));
    // before the Mar 14 listing, in Tokyo it is already the 14th but in New York the 13th (no listing on 14th yet)
    Instant early = Instant.parse("2026-03-14T03:00:00Z");
    SelectionRun before = new Selector(CatalogView.inMemory(Seeds.papers())).prepare(early);
    Digest ny = before.select(zone(s, "America/New_York"), null);
    assertThat(ny.date()).isEqualTo(MAR13);
    assertThat(ny.picks()).isNotEmpty().allSatisfy(p -> assertThat(p.paper().listings())
        .extracting(Listing::date).contains(MAR13));
  }

  @Test
  void papersFirstSeenBeforeThePreviousDigestAreNotSelected() {
    SelectionRun run = new Selector(CatalogView.inMemory(Seeds.papers())).prepare(T);
    Subscriber s = max(subscriber(topic("d", "diffusion OR planets OR optimization")), 50);
    Instant previous = Instant.parse("2026-03-13T08:00:00Z"); // after the Mar 13 ingest

    Digest d = run.select(s, new DeliveryHistory.History(previous, Set.of()));

    assertThat(d.picks()).isNotEmpty().allSatisfy(p -> assertThat(p.paper().firstSeen()).isAfter(previous));
    // RADD was first seen on Mar 12: though listed again on Mar 14, it is not new
    assertThat(d.picks()).extracting(p -> p.paper().title()).doesNotContain(Seeds.RADD);
  }

  @Test
  void aPaperAlreadySentIsNeverSelectedAgain() {
    List<Paper> papers = List.of(paper("a", "Diffusion one", ""), paper("b", "Diffusion two", ""));
    SelectionRun run = new Selection(papers).run();
    Subscriber s = subscriber(topic("d", "diffusion"));

    Digest d = run.select(s, new DeliveryHistory.History(null, Set.of("a")));

    assertThat(d.picks()).extracting(p -> p.paper().id()).containsExactly("b");
  }

  @Test
  void oneSentListServesRunsWhoseIndexesNumberItsPapersOtherwise() {
    PaperList sent = PaperList.of(List.of("b", "z"));
    DeliveryHistory.History history = new DeliveryHistory.History(null, SentPapers.of(List.of(sent)));
    Subscriber s = subscriber(topic("d", "diffusion"));
    SelectionRun abc = new Selection(List.of(paper("a", "Diffusion one", ""), paper("b", "Diffusion two", ""),
        paper("c", "Diffusion three", ""))).run();
    SelectionRun bc = new Selection(List.of(paper("b", "Diffusion two", ""), paper("c", "Diffusion three", ""))).run();

    // the list keeps one run's ordinals at a time: each run gets its own, however the runs interleave
    for (int i = 0; i < 2; i++) {
      assertThat(abc.select(s, history).picks()).extracting(p -> p.paper().id()).containsExactlyInAnyOrder("a", "c");
      assertThat(bc.select(s, history).picks()).extracting(p -> p.paper().id()).containsExactly("c");
    }
  }

  @Test
  void maxPapersIsRespected() {
    SelectionRun run = new Selector(CatalogView.inMemory(Seeds.papers())).prepare(T);
    Subscriber s = max(subscriber(topic("d", "diffusion"), topic("m", "model")), 3);

    Digest d = run.select(s, new DeliveryHistory.History(Instant.parse("2026-03-01T00:00:00Z"), Set.of()));

    assertThat(d.paperCount()).isEqualTo(3);
  }

  // --- ranking and grouping --------------------------------------------------------------------

  @Test
  void aPaperMatchingTwoTopicsAppearsOnceUnderItsBestTopicNamingBoth() {
    List<Paper> papers = List.of(
        paper("both", "Mamba meets diffusion", "A diffusion model with a Mamba backbone; diffusion diffusion."),
        paper("ssm", "Mamba for vision", ""),
        paper("diff", "Diffusion for audio", ""));
    Topic diffusion = topic("diffusion", "diffusion");
    Topic ssm = topic("ssm", "mamba");
    SelectionRun run = new Selection(papers).run();

    Digest d = run.select(subscriber(ssm, diffusion), null);

    assertThat(d.paperCount()).isEqualTo(3);
    assertThat(d.picks()).extracting(p -> p.paper().id()).doesNotHaveDuplicates();
    Pick both = d.picks().stream().filter(p -> p.paper().id().equals("both")).findFirst().orElseThrow();
    assertThat(both.topics()).containsExactlyInAnyOrder(diffusion, ssm);
    Section home = d.sections().stream().filter(s -> s.picks().contains(both)).findFirst().orElseThrow();
    assertThat(home.topic()).isEqualTo(both.topics().get(0));
    // sections are ordered by their best pick, picks by score
    for (int i = 1; i < d.sections().size(); i++) {
      assertThat(d.sections().get(i - 1).picks().get(0).score())
          .isGreaterThanOrEqualTo(d.sections().get(i).picks().get(0).score());
    }
    for (Section s : d.sections()) {
      assertThat(s.picks()).extracting(Pick::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }
  }

  @Test
  void rankingCombinesRelevanceWithTrendinessAsDocumented() {
    // Equal relevance: the more upvoted paper comes first.
    List<Paper> papers = new ArrayList<>(List.of(
        paper("quiet", "Diffusion models", "", List.of(), 1, 3),
        paper("loud", "Diffusion models!", "", List.of(), 2, 300),
        // Far more relevant but barely upvoted: relevance still dominates up to a factor 1.5
        paper("relevant", "Diffusion diffusion: diffusion models", "diffusion of diffusion", List.of(), 3, 0)));
    SelectionRun run = new Selection(papers).run();

    Digest d = run.select(subscriber(topic("d", "diffusion")), null);

    assertThat(d.picks()).extracting(p -> p.paper().id()).containsExactly("relevant", "loud", "quiet");
    assertThat(run.trendOf("loud")).isEqualTo(1.0, within(1e-6));
    assertThat(run.trendOf("quiet")).isEqualTo(Math.log1p(3) / Math.log1p(300), within(1e-6));
    assertThat(run.trendOf("relevant")).isEqualTo(0.0, within(1e-6));
    assertThat(d.picks().get(0).score()).isEqualTo(1.0, within(1e-9)); // best relevance, no trend
    Pick loud = d.picks().get(1);
    Pick quiet = d.picks().get(2);
    double relevance = loud.score() / (1 + Ranking.TREND_WEIGHT * 1.0);
    assertThat(quiet.score()).isEqualTo(relevance * (1 + Ranking.TREND_WEIGHT * run.trendOf("quiet")), within(1e-6));
  }

  @Test
  void withoutUpvotesTheListingRankIsTheTrend() {
    List<Paper> papers = List.of(
        paper("first", "Diffusion models", "", List.of(), 1, null),
        paper("middle", "Diffusion models", "", List.of(), 3, null),
        paper("last", "Diffusion models", "", List.of(), 5, null),
        paper("x", "Other", "", List.of(), 2, null), paper("y", "Other", "", List.of(), 4, null));
    SelectionRun run = new Selection(papers).run();

    Digest d = run.select(subscriber(topic("d", "diffusion")), null);

    assertThat(d.picks()).extracting(p -> p.paper().id()).containsExactly("first", "middle", "last");
    assertThat(run.trendOf("first")).isEqualTo(1.0, within(1e-6));
    assertThat(run.trendOf("middle")).isEqualTo(1 - 2 / 5.0, within(1e-6));
    assertThat(run.trendOf("last")).isEqualTo(1 - 4 / 5.0, within(1e-6));
  }

  // --- shared work -------------------------------------------------------------------------------

  @Test
  void subscribersSharingTopicsShareTheQueryWork() {
    SelectionRun run = new Selector(CatalogView.inMemory(Seeds.papers())).prepare(T);
    List<Topic> shared = List.of(topic("diffusion", "diffusion OR \"score-based\""), topic("ssm", "mamba OR \"state space\""),
        new Topic("like-radd", "Like RADD", null, List.of(Seeds.RADD_ARXIV)));
    List<Subscriber> subscribers = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      List<Topic> mine = new ArrayList<>(shared);
      java.util.Collections.rotate(mine, i % 3);
      subscribers.add(new Subscriber("s" + i, "s" + i + "@example.org", "", mine, null,
          ZoneId.of(i % 2 == 0 ? "Europe/London" : "Asia/Tokyo"), LocalTime.of(8, 0), Frequency.DAILY, 1 + i % 10,
          false, Subscriber.Origin.FILE));
    }
    Instant earlier = Instant.parse("2026-03-11T08:00:00Z");
    DeliveryHistory history = ids -> {
      Map<String, DeliveryHistory.History> out = new java.util.HashMap<>();
      for (String id : ids) if (Integer.parseInt(id.substring(1)) % 4 != 0) out.put(id, new DeliveryHistory.History(earlier, Set.of()));
      return out;
    };
    List<Digest> digests = new ArrayList<>();

    run.selectAll(subscribers, history, digests::add);

    assertThat(digests).hasSize(1000);
    assertThat(digests).allSatisfy(d -> assertThat(d.paperCount()).isLessThanOrEqualTo(d.subscriber().maxPapers()));
    assertThat(digests).filteredOn(d -> !d.isEmpty()).hasSizeGreaterThan(900);
    assertThat(run.queryExecutions()).isEqualTo(3);
  }

  @Test
  void historiesAreLookedUpInBatches() {
    SelectionRun run = new Selection(List.of(paper("a", "Diffusion", ""))).run();
    List<Subscriber> subscribers = new ArrayList<>();
    int batch = SelectionRun.HISTORY_BATCH;
    for (int i = 0; i < batch * 5 / 2; i++) subscribers.add(subscriber(topic("d", "diffusion")).withId("s" + i));
    List<Integer> batches = new ArrayList<>();

    run.selectAll(subscribers, ids -> {
      batches.add(ids.size());
      return Map.of();
    }, d -> {});

    assertThat(batches).containsExactly(batch, batch, batch / 2);
  }

  // --- helpers ---------------------------------------------------------------------------------

  /** Papers first seen at 06:00 on Mar 14, all on that day's listing. */
  private record Selection(List<Paper> papers) {
    SelectionRun run() {
      return new Selector(CatalogView.inMemory(papers)).prepare(T);
    }
  }

  private static List<Paper> matches(List<Paper> papers, String query) {
    PaperIndex index = PaperIndex.of(papers);
    try {
      PaperIndex.Hits hits = index.search(QueryLanguage.parse(query));
      List<Paper> out = new ArrayList<>();
      for (int ord : hits.ords()) out.add(index.paper(ord));
      return out;
    } catch (org.apache.lucene.queryparser.classic.ParseException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> titles(List<Paper> papers) {
    return papers.stream().map(Paper::title).toList();
  }

  private static int nextRank = 1;

  static Paper paper(String id, String title, String abstractText) {
    return paper(id, title, abstractText, List.of());
  }

  static Paper paper(String id, String title, String abstractText, List<String> authors) {
    return paper(id, title, abstractText, authors, nextRank++, null);
  }

  static Paper paper(String id, String title, String abstractText, List<String> authors, int rank, Integer upvotes) {
    return new Paper(id, null, title, abstractText, authors, List.of(), null, null, upvotes, "test",
        MAR14.atTime(6, 0).toInstant(ZoneOffset.UTC), List.of(new Listing(MAR14, rank, upvotes, "test")));
  }

  static Topic topic(String key, String query) {
    return new Topic(key, key, query, List.of());
  }

  static Subscriber subscriber(Topic... topics) {
    return new Subscriber(null, "ada@example.org", "Ada", List.of(topics), null, ZoneId.of("UTC"), LocalTime.of(8, 0),
        Frequency.DAILY, 10, false, Subscriber.Origin.FILE);
  }

  static Subscriber exclude(Subscriber s, String exclude) {
    return new Subscriber(s.id(), s.email(), s.name(), s.topics(), exclude, s.timezone(), s.sendAt(), s.frequency(),
        s.maxPapers(), s.sendEmpty(), s.origin());
  }

  static Subscriber max(Subscriber s, int max) {
    return new Subscriber(s.id(), s.email(), s.name(), s.topics(), s.exclude(), s.timezone(), s.sendAt(), s.frequency(),
        max, s.sendEmpty(), s.origin());
  }

  static Subscriber zone(Subscriber s, String zone) {
    return new Subscriber(s.id(), s.email(), s.name(), s.topics(), s.exclude(), ZoneId.of(zone), s.sendAt(),
        s.frequency(), s.maxPapers(), s.sendEmpty(), s.origin());
  }
}
