package dev.paperboy.source;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One paper as a source described it, before the catalog has seen it.
 *
 * @param arxivId   bare arXiv id without version ("2406.03736", "hep-th/9901001"), or null when unknown
 * @param title     title with white space collapsed; never blank
 * @param abstractText abstract with hard line breaks unfolded; may be empty but never null
 * @param authors   display names in listed order; empty when the source does not name them
 * @param listedOn  the listing day this entry belongs to
 * @param rank      1-based position within that day's listing from this source
 * @param upvotes   upvote count when the source knows it, else null
 * @param githubRepo repository URL when the source names one, else null
 * @param keywords  keywords the source attached (Hugging Face ai_keywords); empty when none
 * @param hfUrl     the paper's Hugging Face page when known, else null
 */
public record ParsedPaper(
    String arxivId,
    String title,
    String abstractText,
    List<String> authors,
    LocalDate listedOn,
    int rank,
    Integer upvotes,
    String githubRepo,
    List<String> keywords,
    String hfUrl) {

  public ParsedPaper {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(listedOn, "listedOn");
    abstractText = abstractText == null ? "" : abstractText;
    authors = authors == null ? List.of() : List.copyOf(authors);
    keywords = keywords == null ? List.of() : List.copyOf(keywords);
    if (title.isBlank()) throw new IllegalArgumentException("blank title");
    if (rank < 1) throw new IllegalArgumentException("rank must be >= 1: " + rank);
  }
}
