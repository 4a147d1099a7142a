package dev.paperboy.source;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** What a single line of a daily-papers page dump looks like, judged by its shape alone. */
final class ListingLines {
  /** Navigation and page furniture seen on (or plausible for) the daily-papers page, compared loosely. */
  private static final Set<String> CHROME = Set.of(
      "new", "get trending papers in your email inbox", "subscribe", "byak and the research community",
      "daily papers", "daily papers by ak", "trending papers", "papers", "trending", "latest", "submit",
      "submit a paper", "search", "search papers", "search or paste arxiv id", "previous", "prev", "next",
      "older", "newer", "today", "daily", "weekly", "monthly", "this week", "this month", "load more",
      "show more", "view all", "see all", "sort by", "most upvoted", "upvote", "upvoted", "comments",
      "sign up", "log in", "login", "hugging face", "models", "datasets", "spaces", "posts", "docs",
      "enterprise", "pricing", "collections", "community", "paper page", "view arxiv page", "view pdf",
      "add to collection", "project page", "share", "copied");
  private static final Pattern CHROME_SHAPES = Pattern.compile(
      "(?i)\\d+ (authors?|comments?)|(submitted|published|posted) (by|on)\\b.*");
  private static final Pattern SYMBOLS_AT_ENDS = Pattern.compile("^[\\p{P}\\p{S}\\s]+|[\\p{P}\\p{S}\\s]+$");
  private static final Pattern UPVOTES =
      Pattern.compile("(?i)(?:[▲△↑⬆]|upvotes?|votes?)?\\s*(?:(\\d{1,7})|(\\d{1,4}(?:\\.\\d)?)k)\\s*(?:upvotes?|votes?)?");
  private static final Pattern SENTENCE_BREAK = Pattern.compile("[.!?][\"')\\]]?\\s+[\\p{Lu}\\d]");
  /** A sentence's end, or the page's "[...]": ".", "!", "?" or "…", then any closing quotes and brackets. */
  private static final Pattern SENTENCE_END = Pattern.compile("[.!?…][\"'”’)\\]]*$");
  /** A link with at least one path segment, as abstracts end with a code or project page ("https://github.com/o/r"). */
  private static final Pattern LINK_END = Pattern.compile("(?i)(?:^|\\s)\\(?https?://[^/\\s]+(?:/[^/\\s]+)+/?\\)?$");
  private static final int PROSE_MIN_CHARS = 120;
  private static final int PROSE_MIN_WORDS = 15;
  private static final int LONG_TEXT_CHARS = 250;

  private ListingLines() {}

  /** Page furniture: known navigation lines, "· 5 authors", "Submitted by …", lines without letters or digits. */
  static boolean isChrome(String line) {
    return isSeparator(line) || isNamedChrome(line);
  }

  /** Chrome that only the daily-papers page has; unlike a lone "}" or "·" it shows the text is a page dump. */
  static boolean isNamedChrome(String line) {
    String key = SYMBOLS_AT_ENDS.matcher(line).replaceAll("").toLowerCase(Locale.ROOT);
    return CHROME.contains(key) || CHROME_SHAPES.matcher(key).matches();
  }

  private static boolean isSeparator(String line) {
    return SYMBOLS_AT_ENDS.matcher(line).replaceAll("").isEmpty();
  }

  /** The count on an upvote line ("12", "1.2k", "▲ 12", "12 upvotes"), or null when the line is something else. */
  static Integer upvotes(String line) {
    var m = UPVOTES.matcher(line);
    if (!m.matches()) return null;
    if (m.group(1) != null) return Integer.valueOf(m.group(1));
    return (int) Math.round(Double.parseDouble(m.group(2)) * 1000);
  }

  /**
   * Reads as the prose of an abstract: at least 120 characters and 15 words, and either ends like
   * a sentence (".", "!", "…", or the page's "[...]" truncation mark) or holds two sentence breaks.
   */
  static boolean isProse(String line) {
    if (line.length() < PROSE_MIN_CHARS || words(line) < PROSE_MIN_WORDS) return false;
    return line.endsWith(".") || line.endsWith("!") || line.endsWith("…") || line.endsWith("[...]") || sentenceBreaks(line) >= 2;
  }

  /** Long enough to be an abstract where the structure expects one, even without sentence punctuation. */
  static boolean isLongText(String line) {
    return line.length() >= LONG_TEXT_CHARS && words(line) >= 2 * PROSE_MIN_WORDS;
  }

  /**
   * Ends the way the page's abstracts end: a sentence (the page's "[...]" mark included) or a link
   * with a path (a code or project page). A text cut at a random byte rarely does: it stops inside
   * a word or a host name ("available at https://github.co").
   */
  static boolean endsLikeAnAbstract(String line) {
    return SENTENCE_END.matcher(line).find() || LINK_END.matcher(line).find();
  }

  private static int words(String line) {
    return line.split(" ").length;
  }

  private static int sentenceBreaks(String line) {
    return (int) SENTENCE_BREAK.matcher(line).results().limit(2).count();
  }
}
