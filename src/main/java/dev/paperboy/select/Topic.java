package dev.paperboy.select;

import java.util.List;
import java.util.Objects;

/**
 * Something a subscriber follows: a Lucene query over title, abstract and authors, or "more like
 * these papers" ({@code like}), or both.
 *
 * @param key   the name under {@code topics:} in the topic file, or a key derived from an inline
 *              topic's content (equal content, equal key), so that shared topics are matched once
 * @param title what the reader sees ("Diffusion models")
 * @param query Lucene query syntax, or null
 * @param like  arXiv ids or titles of catalog papers, or empty
 */
public record Topic(String key, String title, String query, List<String> like) {
  public Topic {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(title, "title");
    like = like == null ? List.of() : List.copyOf(like);
    if (query == null && like.isEmpty()) throw new IllegalArgumentException("topic " + key + " has neither query nor like");
  }
}
