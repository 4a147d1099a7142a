package dev.paperboy.source;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds arXiv identifiers in URLs and text and drops their version suffix. */
final class ArxivIds {
  // new style since 2007: 0704.0001 .. 2406.03736; old style: hep-th/9901001, math.AG/0309136
  private static final Pattern ID = Pattern.compile(
      "(?<![\\w.\\-])(\\d{4}\\.\\d{4,5}|[a-z]+(?:-[a-z]+)?(?:\\.[A-Z]{2})?/\\d{7})(?:v\\d+)?(?!\\w|\\.\\d)");

  private ArxivIds() {}

  /**
   * The first arXiv id in {@code text} ("https://arxiv.org/abs/2406.03736v2",
   * "oai:arXiv.org:hep-th/9901001", "arXiv:2406.03736v1 ..."), without its version, or null.
   */
  static String find(String text) {
    if (text == null) return null;
    Matcher m = ID.matcher(text);
    return m.find() ? m.group(1) : null;
  }

  /** {@code id} itself without a version when it is exactly an arXiv id, else null. */
  static String exact(String id) {
    if (id == null) return null;
    Matcher m = ID.matcher(id.strip());
    return m.matches() ? m.group(1) : null;
  }
}
