package dev.paperboy.source;

import static dev.paperboy.source.Samples.NOV_23_2026;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Plausible variations of a real page dump parse like the original. */
class ListingVariantsTest {
  private static final String MAR14 = "daily-papers-listing-mar14.txt";
  private final ListingParser parser = new ListingParser();

  private ParsedSource parse(String text, ParseContext context) throws SourceException {
    return parser.parse("variant", Samples.utf8(text), context);
  }

  private static List<ParsedPaper> original() throws SourceException {
    return new ListingParser().parse(MAR14, Samples.bytes(MAR14), NOV_23_2026).papers();
  }

  @Test
  void windowsLineEndingsByteOrderMarkAndTrailingSpacesChangeNothing() throws Exception {
    String crlf = Samples.text(MAR14).replace("\n", "  \r\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    bytes.writeBytes(Samples.utf8(crlf));

    ParsedSource parsed = parser.parse("crlf", bytes.toByteArray(), NOV_23_2026);

    assertThat(parsed.papers()).isEqualTo(original());
    assertThat(parsed.warnings()).isEmpty();
  }

  @Test
  void upvoteLinesBeforeTitlesAndExtraChromeAreUnderstood() throws Exception {
    List<ParsedPaper> original = original();
    List<String> lines = new ArrayList<>(List.of("Daily Papers", "Search", "Submit", "new", "Get trending papers in your email inbox!",
        "Subscribe", "byAK and the research community", "Previous", "Mar 14", "Next", ""));
    for (ParsedPaper p : original) {
      lines.addAll(List.of(String.valueOf(100 + p.rank()), p.title(), "· 5 authors", "Submitted by someone", "", p.abstractText(), ""));
    }
    lines.addAll(List.of("Previous", "Next", "·"));

    ParsedSource parsed = parse(String.join("\n", lines), NOV_23_2026);

    assertThat(parsed.papers()).extracting(ParsedPaper::title).containsExactlyElementsOf(original.stream().map(ParsedPaper::title).toList());
    assertThat(parsed.papers()).extracting(ParsedPaper::abstractText)
        .containsExactlyElementsOf(original.stream().map(ParsedPaper::abstractText).toList());
    assertThat(parsed.papers()).allSatisfy(p -> assertThat(p.upvotes()).isEqualTo(100 + p.rank()));
    assertThat(parsed.papers()).extracting(ParsedPaper::title)
        .doesNotContain("Daily Papers", "Search", "Submit", "Previous", "Next", "· 5 authors", "Submitted by someone");
    assertThat(parsed.warnings()).isEmpty();
  }

  @Test
  void upvoteLinesRightAfterTitlesBelongToThatTitle() throws Exception {
    List<String> lines = new ArrayList<>(List.of("Mar 14"));
    for (ParsedPaper p : original()) lines.addAll(List.of(p.title(), String.valueOf(p.rank() * 7), p.abstractText()));

    ParsedSource parsed = parse(String.join("\n", lines), NOV_23_2026);

    assertThat(parsed.papers()).hasSize(10).allSatisfy(p -> assertThat(p.upvotes()).isEqualTo(p.rank() * 7));
  }

  @ParameterizedTest
  @CsvSource({"1.2k, 1200", "▲ 41, 41", "Upvote 41, 41", "41 upvotes, 41", "7, 7"})
  void upvoteLinesMayBeDecorated(String line, int upvotes) throws Exception {
    ParsedPaper first = original().get(0);

    ParsedSource parsed = parse("Mar 14\n" + line + "\n" + first.title() + "\n" + first.abstractText(), NOV_23_2026);

    assertThat(parsed.papers()).singleElement().satisfies(p -> assertThat(p.upvotes()).isEqualTo(upvotes));
  }

  @Test
  void blankLinesAreOptional() throws Exception {
    String sample = "daily-papers-listing-mar12.txt";
    String dense = Samples.text(sample).replaceAll("\n+", "\n");

    assertThat(parse(dense, NOV_23_2026).papers()).isEqualTo(parser.parse(sample, Samples.bytes(sample), NOV_23_2026).papers());
  }

  @Test
  void unknownHeaderLinesAreIgnoredWithAWarning() throws Exception {
    ParsedPaper first = original().get(0);

    ParsedSource parsed = parse("Trending on the Hub\nMar 14\n" + first.title() + "\n" + first.abstractText(), NOV_23_2026);

    assertThat(parsed.papers()).extracting(ParsedPaper::title).containsExactly(first.title());
    assertThat(parsed.warnings()).singleElement().asString().contains("line 1", "Trending on the Hub");
  }

  @Test
  void aPaperListedTwiceIsKeptOnceAtItsFirstPlace() throws Exception {
    List<String> lines = new ArrayList<>(Samples.lines(MAR14));
    int titleLine = lines.indexOf(original().get(2).title()) + 1;
    lines.addAll(List.of("", lines.get(titleLine - 1), "", lines.get(titleLine + 1)));

    ParsedSource parsed = parse(String.join("\n", lines), NOV_23_2026);

    assertThat(parsed.papers()).isEqualTo(original());
    assertThat(parsed.skipped()).containsExactly(new ParsedSource.Skipped("line " + (lines.size() - 2), "duplicate of line " + titleLine));
  }

  @ParameterizedTest
  @CsvSource({"Mar 14, 2026-11-23, 2026-03-14", "March 14, 2026-11-23, 2026-03-14", "'Mar 14, 2024', 2026-11-23, 2024-03-14",
      "14 March 2024, 2026-11-23, 2024-03-14", "2024-03-14, 2026-11-23, 2024-03-14", "Mar 14th, 2026-11-23, 2026-03-14",
      "Mar 14, 2026-03-13, 2025-03-14", "Mar 14, 2026-03-14, 2026-03-14", "Dec 31, 2026-01-02, 2025-12-31",
      "Feb 29, 2026-11-23, 2024-02-29", "Feb 29, 2024-02-28, 2020-02-29", "Sept 1, 2026-11-23, 2026-09-01"})
  void dateLinesResolveToTheLatestSuchDayNotAfterIngest(String dateLine, LocalDate ingest, LocalDate expected) throws Exception {
    String text = Samples.text(MAR14).replace("\nMar 14\n", "\n" + dateLine + "\n");

    ParsedSource parsed = parse(text, new ParseContext(ingest, false));

    assertThat(parsed.papers()).hasSize(10).allSatisfy(p -> assertThat(p.listedOn()).isEqualTo(expected));
    assertThat(parsed.warnings()).isEmpty();
  }

  @Test
  void withoutADateLineTheIngestDateIsUsedWithAWarning() throws Exception {
    String text = Samples.text(MAR14).replace("\nMar 14\n", "\n");

    ParsedSource parsed = parse(text, NOV_23_2026);

    assertThat(parsed.papers()).hasSize(10).allSatisfy(p -> assertThat(p.listedOn()).isEqualTo(LocalDate.of(2026, 11, 23)));
    assertThat(parsed.warnings()).containsExactly("no date line; dated 2026-11-23 (today)");
  }

  @Test
  void anExplicitDateDatesAListingWithoutDateLineSilently() throws Exception {
    String text = Samples.text(MAR14).replace("\nMar 14\n", "\n");

    ParsedSource parsed = parse(text, new ParseContext(LocalDate.of(2026, 3, 14), true));

    assertThat(parsed.papers()).allSatisfy(p -> assertThat(p.listedOn()).isEqualTo(LocalDate.of(2026, 3, 14)));
    assertThat(parsed.warnings()).isEmpty();
  }

  @Test
  void aLaterDifferentDateLineIsIgnoredWithAWarning() throws Exception {
    ParsedSource parsed = parse(Samples.text(MAR14) + "\n\nMar 13\n", NOV_23_2026);

    assertThat(parsed.papers()).allSatisfy(p -> assertThat(p.listedOn()).isEqualTo(LocalDate.of(2026, 3, 14)));
    assertThat(parsed.warnings()).singleElement().asString().contains("Mar 13");
  }
}
