package dev.paperboy.render;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Small text helpers for what goes into a digest: cleaning data, shortening lists, trimming prose.
 * Lengths are counted in code points so that a cut never splits a surrogate pair (ℓ∞, emoji).
 */
final class Texts {
  private static final Pattern SAFE_URL = Pattern.compile("https?://[^\\s<>\"'`\\\\{}|^]+", Pattern.CASE_INSENSITIVE);
  private static final int MAX_URL = 2000;

  private Texts() {}

  /**
   * Text from data made safe to show and to splice: private-use characters (our placeholder markers
   * live there, so data must never carry them), controls, bidi overrides, noncharacters and lone
   * surrogates are dropped; any run of whitespace, CR/LF included, becomes one space.
   */
  static String clean(String s) {
    if (s == null || s.isEmpty()) return "";
    if (isClean(s)) return s;
    StringBuilder b = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int n = Character.charCount(cp);
      i += n;
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        space = true;
        continue;
      }
      if (isDropped(cp)) continue;
      if (space && b.length() > 0) b.append(' ');
      space = false;
      if (n == 1) b.append((char) cp);
      else b.append(s, i - n, i);
    }
    return b.toString();
  }

  /** Most text is clean already: one cheap pass spares the copy. */
  private static boolean isClean(String s) {
    char prev = ' ';
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7f && (c <= 0xa0 || c >= 0x1680)) return false; // controls, and rarer ranges checked fully
      if (c == ' ' && prev == ' ') return false; // leading or doubled space
      prev = c;
    }
    return prev != ' ';
  }

  /** Whether the code point never belongs in a digest (see {@link #clean}). */
  static boolean isDropped(int cp) {
    return Character.getType(cp) == Character.CONTROL
        || isPrivateUse(cp)
        || Character.isSurrogate((char) cp) && cp <= 0xFFFF
        || cp >= 0x202A && cp <= 0x202E // bidi embeddings and overrides
        || cp >= 0x2066 && cp <= 0x2069 // bidi isolates
        || cp >= 0xFDD0 && cp <= 0xFDEF
        || (cp & 0xFFFE) == 0xFFFE; // U+xxFFFE and U+xxFFFF noncharacters
  }

  static boolean isPrivateUse(int cp) {
    return cp >= 0xE000 && cp <= 0xF8FF || cp >= 0xF0000;
  }

  /** At most {@code max} code points, cut after a whole word where one ends late enough, then "…". */
  static String shorten(String s, int max) {
    if (s.codePointCount(0, s.length()) <= max) return s;
    int end = s.offsetByCodePoints(0, max);
    int space = s.lastIndexOf(' ', end);
    // a word boundary in the last fifth keeps most of the text; earlier than that, cut the word
    if (space > 0 && s.codePointCount(0, space) >= max * 4 / 5) end = space;
    String cut = s.substring(0, end).stripTrailing();
    int last = cut.length();
    while (last > 0 && ",;:-–—(/&·".indexOf(cut.charAt(last - 1)) >= 0) last--;
    return cut.substring(0, last).stripTrailing() + "…";
  }

  /** "A", "A and B", "A, B and C". */
  static String joinAnd(List<String> items) {
    int n = items.size();
    if (n == 0) return "";
    if (n == 1) return items.get(0);
    return String.join(", ", items.subList(0, n - 1)) + " and " + items.get(n - 1);
  }

  /** All names when there are at most {@code show + 1}, else the first few and "and 7 others". */
  static String shortList(List<String> names, int show, String otherWord, String othersWord) {
    if (names.size() <= show + 1) return joinAnd(names);
    int rest = names.size() - show;
    return String.join(", ", names.subList(0, show)) + " and " + rest + " " + (rest == 1 ? otherWord : othersWord);
  }

  /** The URL when it is a plain absolute http(s) URL we can put in an href, else null. */
  static String safeUrl(String url) {
    if (url == null) return null;
    String u = url.strip();
    if (u.isEmpty() || u.length() > MAX_URL || !SAFE_URL.matcher(u).matches()) return null;
    for (int i = 0; i < u.length(); i++) {
      if (isDropped(u.charAt(i)) || Character.isHighSurrogate(u.charAt(i))) return null;
    }
    return u;
  }

  /** Drops control characters (CR/LF too, so a value can never break a header or a line). */
  static String stripControls(String s) {
    if (s == null) return "";
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean drop = Character.getType(c) == Character.CONTROL || isPrivateUse(c);
      if (drop && b == null) b = new StringBuilder(s.length()).append(s, 0, i);
      else if (!drop && b != null) b.append(c);
    }
    return b == null ? s : b.toString();
  }
}
