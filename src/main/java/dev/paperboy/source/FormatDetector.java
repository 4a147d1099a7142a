package dev.paperboy.source;

import java.util.Set;

/**
 * Tells the format of a source from its first significant character: '{' or '[' starts Hugging
 * Face JSON, '<' an arXiv feed (when the root element is feed, rss or rdf:RDF), anything else a
 * listing. A '[' followed by a letter is a listing whose first title starts with a bracket
 * ("[Re] Reproducing ..."), not JSON.
 */
public final class FormatDetector {
  private static final Set<String> FEED_ROOTS = Set.of("feed", "rss", "RDF");

  private FormatDetector() {}

  public static SourceFormat detect(byte[] content) throws SourceException {
    return detect("input", content);
  }

  /**
   * @param name how to name the source in messages
   * @throws SourceException for binary or non-UTF-8 content, and for HTML or XML that is no feed
   */
  public static SourceFormat detect(String name, byte[] content) throws SourceException {
    String text = TextDecoder.decode(name, content);
    int start = skipWhiteSpace(text, 0);
    if (start == text.length()) return SourceFormat.LISTING; // empty: the listing parser says so properly
    char first = text.charAt(start);
    if (first == '{') return SourceFormat.HF_JSON;
    if (first == '[') return startsJsonValue(text, skipWhiteSpace(text, start + 1)) ? SourceFormat.HF_JSON : SourceFormat.LISTING;
    if (first != '<') return SourceFormat.LISTING;
    int root = rootElementStart(text, start);
    String rootName = root < 0 ? "" : elementName(text, root + 1);
    String localName = rootName.substring(rootName.indexOf(':') + 1);
    if (FEED_ROOTS.contains(localName)) return SourceFormat.ARXIV;
    String line = String.valueOf(lineOf(text, root < 0 ? start : root));
    String named = rootName.isEmpty() ? "" : " (root element <" + rootName + ">)";
    throw new SourceException(name, line, "HTML/XML that is not an arXiv feed" + named);
  }

  private static int skipWhiteSpace(String text, int i) {
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
    return i;
  }

  private static boolean startsJsonValue(String text, int i) {
    if (i == text.length()) return true;
    char c = text.charAt(i);
    return "{[]\"-tfn".indexOf(c) >= 0 || Character.isDigit(c);
  }

  /** Where the root element's '<' is, past the XML declaration, comments, PIs and a DOCTYPE; -1 if none. */
  private static int rootElementStart(String text, int i) {
    while (i < text.length() && text.charAt(i) == '<') {
      int end;
      if (text.startsWith("<?", i)) {
        end = text.indexOf("?>", i);
        end = end < 0 ? -1 : end + 2;
      } else if (text.startsWith("<!--", i)) {
        end = text.indexOf("-->", i);
        end = end < 0 ? -1 : end + 3;
      } else if (text.startsWith("<!", i)) {
        end = endOfDeclaration(text, i);
      } else {
        return i;
      }
      if (end < 0) return -1;
      i = skipWhiteSpace(text, end);
    }
    return -1;
  }

  /** The end of "<!DOCTYPE ... [ internal subset ]>", brackets respected. */
  private static int endOfDeclaration(String text, int i) {
    int depth = 0;
    for (int j = i + 2; j < text.length(); j++) {
      char c = text.charAt(j);
      if (c == '[') depth++;
      else if (c == ']') depth--;
      else if (c == '>' && depth <= 0) return j + 1;
    }
    return -1;
  }

  private static String elementName(String text, int i) {
    int end = i;
    while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && "/>".indexOf(text.charAt(end)) < 0) end++;
    return text.substring(i, end);
  }

  private static int lineOf(String text, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) if (text.charAt(i) == '\n') line++;
    return line;
  }
}
