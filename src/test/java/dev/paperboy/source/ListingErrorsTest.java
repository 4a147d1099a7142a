package dev.paperboy.source;

import static dev.paperboy.source.Samples.NOV_23_2026;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Malformed listings fail with the line at fault and nothing of them is used. */
class ListingErrorsTest {
  private static final String MAR12 = "daily-papers-listing-mar12.txt";
  private static final String MAR13 = "daily-papers-listing-mar13.txt";
  private static final String MAR14 = "daily-papers-listing-mar14.txt";
  private final ListingParser parser = new ListingParser();

  private SourceException failure(String text) {
    return failure(Samples.utf8(text));
  }

  private SourceException failure(byte[] content) {
    return catchThrowableOfType(SourceException.class, () -> parser.parse("bad", content, NOV_23_2026));
  }

  /** The first {@code n} lines of a sample. */
  private static String head(String sample, int n) {
    return String.join("\n", Samples.lines(sample).subList(0, n)) + "\n";
  }

  private static int lineOf(String sample, String line) {
    return Samples.lines(sample).indexOf(line) + 1;
  }

  @Test
  void aListingCutAfterATitleNamesThatTitlesLine() {
    int title = lineOf(MAR12, "MoM: Linear Sequence Modeling with Mixture-of-Memories");

    SourceException e = failure(head(MAR12, title));

    assertThat(e.source()).isEqualTo("bad");
    assertThat(e.location()).isEqualTo(String.valueOf(title));
    assertThat(e.reason()).isEqualTo("title at line " + title + " has no abstract (truncated listing?)");
  }

  @Test
  void aListingCutEarlyInAnAbstractNamesTheTitleLeftWithoutOne() {
    int title = lineOf(MAR12, "MoM: Linear Sequence Modeling with Mixture-of-Memories");
    String abstractStart = Samples.lines(MAR12).get(title + 1).substring(0, 60);

    SourceException e = failure(head(MAR12, title + 1) + abstractStart);

    assertThat(e.location()).isEqualTo(String.valueOf(title));
    assertThat(e.reason()).contains("has no abstract");
  }

  @Test
  void aListingCutInItsLastAbstractIsTruncatedEvenInALink() {
    // head -c 1500: the file stops in the first abstract, at "... available at https://github.co"
    byte[] cut = java.util.Arrays.copyOf(Samples.bytes(MAR13), 1500);

    SourceException e = failure(cut);

    assertThat(new String(cut, StandardCharsets.UTF_8)).endsWith("https://github.co");
    assertThat(e.location()).isEqualTo("13");
    assertThat(e.reason()).isEqualTo("the abstract at line 13 stops mid-sentence where the file ends (truncated"
        + " listing?); if the listing is complete, end the file with a line break");
  }

  @Test
  void everyAbstractOfTheSamplesCutInAWordIsTruncated() {
    int cuts = 0;
    for (String sample : List.of(MAR12, MAR13, MAR14)) {
      List<String> lines = Samples.lines(sample);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.length() < 250) continue; // titles, chrome and blank lines
        int middle = line.indexOf(' ', line.length() / 2) - 2; // two letters into no word boundary
        if (!Character.isLetter(line.charAt(middle)) || !Character.isLetter(line.charAt(middle + 1))) continue;
        String text = String.join("\n", lines.subList(0, i)) + "\n" + line.substring(0, middle + 1);

        SourceException e = failure(text);

        assertThat(e).as(sample + " line " + (i + 1)).isNotNull();
        assertThat(e.location()).isEqualTo(String.valueOf(i + 1));
        assertThat(e.reason()).contains("stops mid-sentence where the file ends (truncated listing?)");
        cuts++;
      }
    }
    assertThat(cuts).isGreaterThan(100);
  }

  @Test
  void aLastAbstractEndingInALinkOrWithALineBreakAfterItIsWhole() throws SourceException {
    List<String> lines = Samples.lines(MAR13);
    int link = lineOf(MAR13, lines.stream().filter(l -> l.endsWith("https://github.com/qsh-zh/deis")).findFirst().orElseThrow());
    int keywords = lineOf(MAR13, lines.stream().filter(l -> l.endsWith("Keywords: Reinforcement Learning and Efficient"
        + " Planning and Diffusion Model")).findFirst().orElseThrow());

    // a code link ends an abstract as a full stop does, line break or not
    ParsedSource endsInALink = parser.parse("ok", Samples.utf8(head(MAR13, link).stripTrailing()), NOV_23_2026);
    // an abstract ending otherwise is believed when a line break follows it (pages cut some abstracts short)
    ParsedSource endsInAWord = parser.parse("ok", Samples.utf8(head(MAR13, keywords)), NOV_23_2026);

    assertThat(last(endsInALink).abstractText()).endsWith("Code is available at https://github.com/qsh-zh/deis");
    assertThat(last(endsInAWord).abstractText()).endsWith("Efficient Planning and Diffusion Model");
    assertThat(failure(head(MAR13, keywords).stripTrailing()).reason()).contains("end the file with a line break");
  }

  private static ParsedPaper last(ParsedSource source) {
    return source.papers().get(source.papers().size() - 1);
  }

  @Test
  void aListingCutInTheFirstTitleStillSaysWhere() {
    SourceException e = failure(head(MAR14, 11));

    assertThat(e.location()).isEqualTo("11");
    assertThat(e.reason()).contains("title at line 11 has no abstract");
  }

  @Test
  void aTitleFollowedByAnotherTitleHasNoAbstract() {
    List<String> lines = new ArrayList<>(Samples.lines(MAR14));
    lines.remove(16); // line 17, the abstract of the 2nd paper, whose title is on line 15

    SourceException e = failure(String.join("\n", lines));

    assertThat(e.location()).isEqualTo("15");
    assertThat(e.reason()).isEqualTo("title at line 15 has no abstract (line 18 looks like another title)");
  }

  @Test
  void twoAbstractsInARowMeanAMissingTitle() {
    List<String> lines = new ArrayList<>(Samples.lines(MAR14));
    lines.remove(14); // line 15, the title of the 2nd paper

    SourceException e = failure(String.join("\n", lines));

    assertThat(e.location()).isEqualTo("16"); // the 2nd abstract, moved up from line 17
    assertThat(e.reason()).contains("two abstract-like lines in a row (lines 13 and 16)");
  }

  @Test
  void anEmptyFileHasNoPapers() {
    assertThat(failure("").reason()).contains("no papers found");
    assertThat(failure("\n  \n\r\n").reason()).contains("no papers found");
  }

  @Test
  void onlyChromeHasNoPapers() {
    SourceException e = failure(head(MAR14, 10));

    assertThat(e.reason()).startsWith("no papers found");
    assertThat(e.location()).isNull();
  }

  @Test
  void plainProseIsNotAListing() {
    String prose = "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness, "
        + "it was the epoch of belief, it was the epoch of incredulity. It was the season of Light.";

    SourceException e = failure(prose + "\n\n" + prose + "\n");

    assertThat(e.location()).isEqualTo("1");
    assertThat(e.reason()).contains("no title before it", "not a daily-papers listing");
  }

  @Test
  void codeOrCsvIsNotAListing() {
    assertThat(failure("id,title,upvotes\n2406.03736,Your Absorbing Discrete Diffusion,12\n").reason())
        .isEqualTo("no papers found (not a daily-papers listing?)");
    assertThat(failure("public class Foo {\n  int x;\n}\n").reason()).isEqualTo("no papers found (not a daily-papers listing?)");
  }

  @Test
  void aDateLineThatNamesNoRealDayIsAnError() {
    SourceException e = failure(Samples.text(MAR14).replace("\nMar 14\n", "\nFeb 30\n"));

    assertThat(e.location()).isEqualTo("9");
    assertThat(e.reason()).contains("Feb 30");
  }

  @Test
  void binaryContentIsRefusedWithTheByteOffset() {
    byte[] prefix = Samples.utf8(head(MAR14, 9));
    byte[] blob = new byte[prefix.length + 3];
    System.arraycopy(prefix, 0, blob, 0, prefix.length);
    blob[prefix.length] = 'x';

    SourceException e = failure(blob);

    assertThat(e.location()).isEqualTo("byte " + (prefix.length + 1));
    assertThat(e.reason()).isEqualTo("binary content (NUL byte)");
  }

  @Test
  void latin1TextIsNotUtf8() {
    byte[] latin1 = "Mar 14\n\nCaf\u00e9 au lait\n".getBytes(StandardCharsets.ISO_8859_1);

    SourceException e = failure(latin1);

    assertThat(e.location()).isEqualTo("byte 11");
    assertThat(e.reason()).isEqualTo("not UTF-8 text (invalid byte 0xE9)");
  }
}
