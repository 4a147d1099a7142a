package dev.paperboy.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The line-at-a-time compaction does exactly what the char-at-a-time one did. */
class CompactHtmlTest {
  /** The former implementation, kept as the reference. */
  private static String reference(String html) {
    String s = html.indexOf('\r') < 0 ? html : html.replace("\r\n", "\n").replace('\r', '\n');
    StringBuilder b = new StringBuilder(s.length());
    boolean lineStart = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (lineStart && (c == ' ' || c == '\t' || c == '\n')) continue;
      if (c == '<' && (s.startsWith("pre", i + 1) || s.startsWith("textarea", i + 1))) return s.endsWith("\n") ? s : s + "\n";
      lineStart = c == '\n';
      b.append(c);
    }
    if (!lineStart) b.append('\n');
    return b.toString();
  }

  @Test
  void sameAsTheReferenceOnRandomMarkup() {
    String[] pieces = {" ", "  ", "\t", "\n", "\r\n", "\r", "<p>", "</p>", "<pre>", "<textarea>", "<", "a b", "é", "x\n  y"};
    SplittableRandom r = new SplittableRandom(3);
    for (int k = 0; k < 20_000; k++) {
      StringBuilder b = new StringBuilder();
      int n = r.nextInt(0, 12);
      for (int i = 0; i < n; i++) {
        String p = pieces[r.nextInt(pieces.length)];
        if ((p.equals("<pre>") || p.equals("<textarea>")) && r.nextInt(4) != 0) p = "<b>";
        b.append(p);
      }
      String in = b.toString();
      assertThat(DigestRenderer.compactHtml(in)).as("%s", in.replace("\n", "\\n")).isEqualTo(reference(in));
    }
  }

  @Test
  void theRealTemplateCompactsAsBefore() {
    String html = "<html>\n  <body>\n\n    <p>Hi</p>\n\t<p>there</p>\n  </body>\n</html>";
    assertThat(DigestRenderer.compactHtml(html)).isEqualTo(reference(html)).isEqualTo("<html>\n<body>\n<p>Hi</p>\n<p>there</p>\n</body>\n</html>\n");
  }

  @Test
  void theThreadsBufferReusedForAShorterTextHoldsOnlyThatText() {
    String longer = "<p>\uE000name\uE001</p>\n    <p>" + "x".repeat(300_000) + "</p>\n";
    String shorter = "<p>Hi \uE000greeting\uE001</p>\n  <a href=\"\uE000viewUrl\uE001\">view</a>";
    assertThat(DigestRenderer.compactHtml(longer)).isEqualTo(reference(longer));
    assertThat(DigestRenderer.compactHtml(shorter)).isEqualTo(reference(shorter));
    assertThat(DigestRenderer.compactHtml("")).isEqualTo(reference("")).isEqualTo("\n");
  }
}
