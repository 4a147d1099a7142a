package dev.paperboy.source;

import static dev.paperboy.source.Samples.NOV_23_2026;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The three real daily-papers dumps in samples/. */
class ListingParserTest {
  private final ListingParser parser = new ListingParser();

  @ParameterizedTest
  @CsvSource({"daily-papers-listing-mar12.txt, 54, 2026-03-12", "daily-papers-listing-mar13.txt, 71, 2026-03-13",
      "daily-papers-listing-mar14.txt, 10, 2026-03-14"})
  void seedListingsGiveEveryPaperOnTheirDay(String sample, int count, LocalDate day) throws Exception {
    ParsedSource parsed = parser.parse(sample, Samples.bytes(sample), NOV_23_2026);

    assertThat(parsed.format()).isEqualTo(SourceFormat.LISTING);
    assertThat(parsed.name()).isEqualTo(sample);
    assertThat(parsed.papers()).hasSize(count);
    assertThat(parsed.papers()).allSatisfy(p -> assertThat(p.listedOn()).isEqualTo(day));
    assertThat(parsed.papers()).extracting(ParsedPaper::rank).containsExactlyElementsOf(IntStream.rangeClosed(1, count).boxed().toList());
    assertThat(parsed.skipped()).isEmpty();
    assertThat(parsed.warnings()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"daily-papers-listing-mar12.txt", "daily-papers-listing-mar13.txt", "daily-papers-listing-mar14.txt"})
  void titlesAndAbstractsAreTheLinesOfTheFileVerbatim(String sample) throws Exception {
    // the samples are known to be 5 header lines, then title/abstract pairs, separated by blank lines
    List<String> content = Samples.lines(sample).stream().filter(l -> !l.isBlank()).skip(5).toList();
    List<String> titles = new ArrayList<>();
    List<String> abstracts = new ArrayList<>();
    for (int i = 0; i < content.size(); i += 2) {
      titles.add(content.get(i));
      abstracts.add(content.get(i + 1));
    }

    ParsedSource parsed = parser.parse(sample, Samples.bytes(sample), NOV_23_2026);

    assertThat(parsed.papers()).extracting(ParsedPaper::title).containsExactlyElementsOf(titles);
    assertThat(parsed.papers()).extracting(ParsedPaper::abstractText).containsExactlyElementsOf(abstracts);
    assertThat(parsed.papers()).allSatisfy(p -> {
      assertThat(p.arxivId()).isNull();
      assertThat(p.authors()).isEmpty();
      assertThat(p.upvotes()).isNull();
    });
  }

  @Test
  void firstPaperOfMarch12() throws Exception {
    ParsedPaper first = parser.parse("mar12", Samples.bytes("daily-papers-listing-mar12.txt"), NOV_23_2026).papers().get(0);

    assertThat(first.title()).isEqualTo("Your Absorbing Discrete Diffusion Secretly Models the Conditional Distributions of Clean Data");
    assertThat(first.abstractText()).startsWith("Discrete diffusion models with absorbing processes have shown promise");
    assertThat(first.rank()).isEqualTo(1);
  }

  @Test
  void keepsUnicodeTitlesAndThePagesTruncationMark() throws Exception {
    List<ParsedPaper> papers = parser.parse("mar14", Samples.bytes("daily-papers-listing-mar14.txt"), NOV_23_2026).papers();

    assertThat(papers).extracting(ParsedPaper::title).contains("Persistent homology of the cosmic web. I: Hierarchical topology in ΛCDM cosmologies");
    assertThat(papers.get(1).abstractText()).endsWith("a value for the planetary Love number cannot be derived. [...]");
  }

  @Test
  void pageChromeNeverBecomesAPaper() throws Exception {
    List<String> chrome = List.of("new", "Get trending papers in your email inbox!", "Subscribe", "byAK and the research community", "Mar 12",
        "Mar 13", "Mar 14");
    for (String sample : List.of("daily-papers-listing-mar12.txt", "daily-papers-listing-mar13.txt", "daily-papers-listing-mar14.txt")) {
      ParsedSource parsed = parser.parse(sample, Samples.bytes(sample), NOV_23_2026);
      assertThat(parsed.papers()).extracting(ParsedPaper::title).doesNotContainAnyElementsOf(chrome);
      assertThat(parsed.papers()).extracting(ParsedPaper::abstractText).doesNotContainAnyElementsOf(chrome);
    }
  }
}
