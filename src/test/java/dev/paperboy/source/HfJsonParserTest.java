package dev.paperboy.source;

import static dev.paperboy.source.Samples.NOV_23_2026;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HfJsonParserTest {
  private static final String SAMPLE = "hf-daily-papers-2024-06-07.json";
  private final HfJsonParser parser = new HfJsonParser();

  private ParsedSource sample() throws SourceException {
    return parser.parse(SAMPLE, Samples.bytes(SAMPLE), NOV_23_2026);
  }

  private Map<String, ParsedPaper> sampleById() throws SourceException {
    return sample().papers().stream().collect(Collectors.toMap(ParsedPaper::arxivId, Function.identity()));
  }

  private ParsedSource parse(String json) throws SourceException {
    return parser.parse("inline", Samples.utf8(json), NOV_23_2026);
  }

  @Test
  void sampleGivesEveryEntryOnItsDayInArrayOrder() throws Exception {
    ParsedSource parsed = sample();

    assertThat(parsed.format()).isEqualTo(SourceFormat.HF_JSON);
    assertThat(parsed.papers()).extracting(ParsedPaper::arxivId).containsExactly("2406.03736", "2406.04215", "2406.03829", "2406.04402",
        "2406.03951", "2406.04077", "2406.04127", "2406.04391");
    assertThat(parsed.papers()).extracting(ParsedPaper::rank).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(parsed.papers()).allSatisfy(p -> {
      assertThat(p.listedOn()).isEqualTo(LocalDate.of(2024, 6, 7));
      assertThat(p.hfUrl()).isEqualTo("https://huggingface.co/papers/" + p.arxivId());
      assertThat(p.abstractText()).isNotBlank();
    });
    assertThat(parsed.skipped()).isEmpty();
    assertThat(parsed.warnings()).isEmpty();
  }

  @Test
  void titlesAndUnfoldedSummariesMatchTheSamePapersInTheListings() throws Exception {
    List<ParsedPaper> listed = new ListingParser().parse("mar14", Samples.bytes("daily-papers-listing-mar14.txt"), NOV_23_2026).papers();
    Map<String, ParsedPaper> hf = sample().papers().stream().collect(Collectors.toMap(ParsedPaper::title, Function.identity()));

    // RADD, axiomatic training, Lion and likelihood displacement are on both; Lion's paper.title has a hard line break
    List<ParsedPaper> onBoth = listed.stream().filter(p -> hf.containsKey(p.title())).toList();
    assertThat(onBoth).hasSize(4);
    assertThat(onBoth).allSatisfy(p -> assertThat(hf.get(p.title()).abstractText()).isEqualTo(p.abstractText()));
  }

  @Test
  void paragraphBreaksSurviveUnfolding() throws Exception {
    String summary = sampleById().get("2406.04402").abstractText();

    assertThat(summary).containsOnlyOnce("\n\n").doesNotContain(" \n").doesNotContain("\n ");
    assertThat(summary.replace("\n\n", "")).doesNotContain("\n");
  }

  @Test
  void hiddenAuthorsAreLeftOut() throws Exception {
    Map<String, ParsedPaper> byId = sampleById();

    assertThat(byId.get("2406.03736").authors()).containsExactly("Jingyang Ou", "Shen Nie", "Kaiwen Xue", "Fengqi Zhu", "Jiacheng Sun",
        "Zhenguo Li", "Chongxuan Li");
    assertThat(byId.get("2406.03951").authors()).hasSize(7).doesNotContain("Xiaocui Yang");
    assertThat(byId.get("2406.04077").authors()).doesNotContain("Danqi Chen").contains("Noam Razin", "Boris Hanin");
  }

  @Test
  void upvotesKeywordsAndRepositories() throws Exception {
    Map<String, ParsedPaper> byId = sampleById();

    ParsedPaper radd = byId.get("2406.03736");
    assertThat(radd.upvotes()).isEqualTo(41);
    assertThat(radd.keywords()).containsExactly("discrete diffusion", "absorbing process", "concrete score", "RADD",
        "any-order autoregressive models");
    assertThat(radd.githubRepo()).isEqualTo("https://github.com/ML-GSAI/RADD");
    assertThat(byId.get("2406.04215").githubRepo()).isNull();
    assertThat(byId.get("2406.04391").keywords()).isEmpty();
    assertThat(byId.get("2406.04391").upvotes()).isEqualTo(2);
  }

  @Test
  void ranksCountWithinEachListingDay() throws Exception {
    ParsedSource parsed = parse("""
        [ {"paper": {"id": "2406.00001"}, "title": "A", "publishedAt": "2024-06-07T23:30:00.000Z"},
          {"paper": {"id": "2406.00002"}, "title": "B", "publishedAt": "2024-06-08T01:00:00+02:00"},
          {"paper": {"id": "2406.00003"}, "title": "C", "publishedAt": "2024-06-08T00:10:00.000Z"} ]""");

    assertThat(parsed.papers()).extracting(ParsedPaper::listedOn)
        .containsExactly(LocalDate.of(2024, 6, 7), LocalDate.of(2024, 6, 7), LocalDate.of(2024, 6, 8));
    assertThat(parsed.papers()).extracting(ParsedPaper::rank).containsExactly(1, 2, 1);
  }

  @Test
  void repositoryAndKeywordsMayBeOnTheElementItself() throws Exception {
    ParsedPaper p = parse("""
        [{"paper": {"id": "2406.00001v2", "summary": "x"}, "title": "A", "publishedAt": "2024-06-07T10:00:00Z",
          "githubRepo": "https://github.com/a/b", "ai_keywords": ["k1", " k2 ", "k1"], "someNewField": {"x": 1}}]""").papers().get(0);

    assertThat(p.arxivId()).isEqualTo("2406.00001");
    assertThat(p.githubRepo()).isEqualTo("https://github.com/a/b");
    assertThat(p.keywords()).containsExactly("k1", "k2");
    assertThat(p.upvotes()).isNull();
  }

  @Test
  void entriesThatAreNotPapersAreSkippedWithAReason() throws Exception {
    ParsedSource parsed = parse("""
        [ 42,
          {"paper": {"authors": []}, "publishedAt": "2024-06-07T10:00:00Z"},
          {"paper": {"id": "2406.00001", "title": "Only The Paper Title"}, "publishedAt": "2024-06-07T10:00:00Z"},
          {"paper": {"id": "2406.00002"}, "title": "Bad Date", "publishedAt": "yesterday"},
          {"paper": {"id": "2406.00001"}, "title": "Only The Paper Title", "publishedAt": "2024-06-07T11:00:00Z"},
          null ]""");

    assertThat(parsed.papers()).extracting(ParsedPaper::title).containsExactly("Only The Paper Title");
    assertThat(parsed.skipped()).containsExactly(
        new ParsedSource.Skipped("entry 1", "not a JSON object but number"),
        new ParsedSource.Skipped("entry 2", "no title and no paper id"),
        new ParsedSource.Skipped("entry 4", "publishedAt 'yesterday' is not a date"),
        new ParsedSource.Skipped("entry 5", "duplicate of entry 3"),
        new ParsedSource.Skipped("entry 6", "not a JSON object but null"));
  }

  @Test
  void anEntryWithoutPublishedAtIsDatedTodayWithAWarning() throws Exception {
    ParsedSource parsed = parse("[{\"paper\": {\"id\": \"2406.00001\"}, \"title\": \"A\"}]");

    assertThat(parsed.papers().get(0).listedOn()).isEqualTo(NOV_23_2026.ingestDate());
    assertThat(parsed.warnings()).containsExactly("entry 1 has no publishedAt; dated 2026-11-23 (today)");
  }

  @Test
  void aTruncatedSampleFailsAtTheEndWithLineAndColumn() {
    String text = Samples.text(SAMPLE);
    String truncated = text.substring(0, text.length() / 2);
    String[] lines = truncated.split("\n", -1);

    SourceException e = catchThrowableOfType(SourceException.class, () -> parser.parse("cut.json", Samples.utf8(truncated), NOV_23_2026));

    assertThat(e.location()).isEqualTo(lines.length + ":" + (lines[lines.length - 1].length() + 1));
    assertThat(e.reason()).startsWith("invalid JSON: Unexpected end-of-input");
  }

  @Test
  void aSyntaxErrorNamesItsLineAndColumn() {
    SourceException e = catchThrowableOfType(SourceException.class, () -> parse("[\n  {\"title\": \"A\",\n   \"paper\": oops}\n]"));

    assertThat(e.location()).isEqualTo("3:13");
    assertThat(e.reason()).startsWith("invalid JSON: Unrecognized token 'oops'");
  }

  @Test
  void anUnclosedArrayNamesWhereItsStartIsWithoutJacksonNoise() {
    SourceException e = catchThrowableOfType(SourceException.class, () -> parse("[{\"a\":1}"));

    assertThat(e.location()).isEqualTo("1:9");
    assertThat(e.reason()).isEqualTo("invalid JSON: Unexpected end-of-input: expected close marker for Array (start marker at [line: 1, column: 1])");
  }

  @Test
  void theTopLevelMustBeAnArray() {
    SourceException e = catchThrowableOfType(SourceException.class, () -> parse("  {\"paper\": {}}"));

    assertThat(e.location()).isEqualTo("1:3");
    assertThat(e.reason()).isEqualTo("the top-level JSON value is an object; expected an array of daily papers");
  }

  @Test
  void contentAfterTheArrayIsAnError() {
    SourceException e = catchThrowableOfType(SourceException.class, () -> parse("[]\n[]"));

    assertThat(e.location()).isEqualTo("2:1");
  }
}
