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
