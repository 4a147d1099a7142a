package dev.paperboy.web;

/**
 * Text from a form made fit to store: control characters (CR/LF too), private-use characters (the
 * renderer's placeholder markers live there), bidi overrides and lone surrogates dropped, white space
 * collapsed. Escaping is the templates' job; this keeps stored names and keywords to one clean line.
 */
final class Inputs {
  private Inputs() {}

  static String clean(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        space = true;
        continue;
      }
      if (dropped(cp)) continue;
      if (space && b.length() > 0) b.append(' ');
      space = false;
      b.appendCodePoint(cp);
    }
    return b.toString();
  }

  /** At most {@code max} code points, with "…" when cut. */
  static String shorten(String s, int max) {
    if (s.codePointCount(0, s.length()) <= max) return s;
    return s.substring(0, s.offsetByCodePoints(0, max)).stripTrailing() + "…";
  }

  private static boolean dropped(int cp) {
    int type = Character.getType(cp);
    return type == Character.CONTROL || type == Character.FORMAT && (cp >= 0x202A && cp <= 0x202E
        || cp >= 0x2066 && cp <= 0x2069 || cp == 0x200E || cp == 0x200F)
        || type == Character.PRIVATE_USE || type == Character.SURROGATE || type == Character.UNASSIGNED
        || cp >= 0xFDD0 && cp <= 0xFDEF || (cp & 0xFFFE) == 0xFFFE;
  }
}
