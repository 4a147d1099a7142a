package dev.paperboy.source;

import java.util.regex.Pattern;

/** White space clean-up shared by the parsers. */
final class Whitespace {
  // UNICODE_CHARACTER_CLASS so that no-break and other Unicode spaces count as white space too
  private static final Pattern RUN = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\R[\\h\\x0B]*\\R\\s*");

  private Whitespace() {}

  /** Every run of white space, line breaks included, becomes one space; the ends are trimmed. */
  static String collapse(String text) {
    return text == null ? "" : RUN.matcher(text).replaceAll(" ").strip();
  }

  /**
   * Unfolds hard-wrapped text: single line breaks become spaces, while a blank line (a paragraph
   * break) is kept as exactly "\n\n" so multi-paragraph abstracts stay readable in a digest.
   */
  static String unfold(String text) {
    if (text == null) return "";
    StringBuilder out = new StringBuilder();
    for (String paragraph : PARAGRAPH_BREAK.split(text.strip())) {
      String collapsed = collapse(paragraph);
      if (collapsed.isEmpty()) continue;
      if (out.length() > 0) out.append("\n\n");
      out.append(collapsed);
    }
    return out.toString();
  }
}
