package dev.paperboy.web;

import dev.paperboy.select.QueryLanguage;
import dev.paperboy.select.Topic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Free keywords from the form, each turned into an inline topic of its own (its own section in the
 * digest, titled by the keyword). The query is the keyword as one quoted phrase with {@code \} and
 * {@code "} escaped, so nothing typed can be Lucene syntax: {@code title:x AND (} searches for those
 * words, and can neither fail to parse nor search another field.
 */
final class Keywords {
  static final int MAX = 10;
  static final int MAX_LENGTH = 80;

  private Keywords() {}

  /** The keywords in a comma-, semicolon- or line-separated text, cleaned, each once (ignoring case). */
  static List<String> split(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : text.split("[,;\\n\\r]+")) {
      String k = Inputs.clean(part);
      if (!k.isEmpty()) out.putIfAbsent(k.toLowerCase(Locale.ROOT), k);
    }
    return new ArrayList<>(out.values());
  }

  /** {@code "the keyword"}, escaped: a phrase query, whatever the keyword holds. */
  static String query(String keyword) {
    return "\"" + keyword.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static Topic topic(String keyword) {
    return new Topic("~keyword:" + keyword.toLowerCase(Locale.ROOT), keyword, query(keyword), List.of());
  }

  /** Why this keyword cannot be searched for, or null when it can. */
  static String problem(String keyword) {
    if (keyword.codePointCount(0, keyword.length()) > MAX_LENGTH) {
      return "'" + Inputs.shorten(keyword, 24) + "' is too long (at most " + MAX_LENGTH + " characters)";
    }
    if (!QueryLanguage.hasWords(keyword) || QueryLanguage.problem(query(keyword)) != null) {
      return "'" + keyword + "' has no words to search for (too common, or only punctuation)";
    }
    return null;
  }
}
