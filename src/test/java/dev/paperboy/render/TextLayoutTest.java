package dev.paperboy.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextLayoutTest {
  private static final String PROSE = "Diffusion models generate images by reversing a noising process and we show that a state space backbone matches them.";

  @Test
  void wrapsProseAt78WithTheLinesIndent() {
    String out = TextLayout.format("   " + PROSE + "\n");
    assertThat(out).isEqualTo("""
           Diffusion models generate images by reversing a noising process and we show
           that a state space backbone matches them.
        """);
  }

  @Test
  void hangsContinuationLinesUnderAListMarker() {
    String out = TextLayout.format("12. " + PROSE);
    assertThat(out.lines()).allMatch(l -> l.length() <= 78);
    assertThat(out.lines().skip(1)).allMatch(l -> l.startsWith("    ") && !l.startsWith("     "));
  }

  @Test
  void aUrlGetsALineOfItsOwnAndIsNeverBroken() {
    String url = "https://example.org/" + "x".repeat(100);
    String out = TextLayout.format("Read more at " + url + " today");
    assertThat(out).isEqualTo("Read more at\n" + url + "\ntoday\n");
  }

  @Test
  void personalUrlsCountAsLongEvenBehindALabel() {
    String out = TextLayout.format("Unsubscribe: " + Field.UNSUBSCRIBE_URL.marker() + "\n");
    assertThat(out).isEqualTo("Unsubscribe:\n" + Field.UNSUBSCRIBE_URL.marker() + "\n");
  }

  @Test
  void aWordPastTheHardLimitIsSplitButNeverInsideAMarker() {
    String huge = "y".repeat(2500);
    assertThat(TextLayout.format("  " + huge).lines()).allMatch(l -> l.length() <= 998).hasSize(3);

    String withMarker = "z".repeat(895) + Field.VIEW_URL.marker() + "z".repeat(10);
    String out = TextLayout.format(withMarker);
    assertThat(out.lines()).allMatch(l -> l.length() <= 998);
    assertThat(out).contains(Field.VIEW_URL.marker());
    assertThat(SplicedText.parse(out).fields()).containsExactly(Field.VIEW_URL);
  }

  @Test
  void tidiesLineEndsTrailingBlanksAndBlankRuns() {
    assertThat(TextLayout.format("\n\na  \r\n\r\n\r\n\nb\rc\n\n\n")).isEqualTo("a\n\nb\nc\n");
    assertThat(TextLayout.format("text\n-- \nfooter")).isEqualTo("text\n-- \nfooter\n"); // the signature separator keeps its space
  }

  /** The layout before it worked on line ranges (split, strip, wrap each line): the output must not change. */
  private static String reference(String rendered) {
    String text = rendered.indexOf('\r') < 0 ? rendered : rendered.replace("\r\n", "\n").replace('\r', '\n');
    StringBuilder out = new StringBuilder();
    boolean pendingBlank = false;
    for (String raw : text.split("\n", -1)) {
      String line = raw.equals("-- ") ? raw : raw.stripTrailing();
      if (line.isBlank()) {
        pendingBlank = out.length() > 0;
        continue;
      }
      if (pendingBlank) out.append('\n');
      pendingBlank = false;
      TextLayout.wrap(line, out);
    }
    return out.toString();
  }

  @Test
  void sameAsTheLineByLineReferenceOnRandomText() {
    String[] pieces = {" ", "  ", "\t", "\n", "\r\n", "\r", "-- ", "--", "word", "1. ", "- ", "é", "\uD83D\uDE00", "\u00A0",
        Field.UNSUBSCRIBE_URL.marker(), Field.NAME.marker(), "https://example.org/" + "x".repeat(90), "y".repeat(950), PROSE};
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    for (int n = 0; n < 3000; n++) {
      StringBuilder b = new StringBuilder();
      int k = r.nextInt(0, 40);
      for (int i = 0; i < k; i++) b.append(pieces[r.nextInt(pieces.length)]);
      String in = b.toString();
      assertThat(TextLayout.format(in)).as("%s", in).isEqualTo(reference(in));
    }
    String rendered = TestDigests.renderer().render(TestDigests.longDigest(50, "ada@example.org")).encodedText();
    assertThat(TextLayout.format(rendered)).isEqualTo(reference(rendered));
  }
}
