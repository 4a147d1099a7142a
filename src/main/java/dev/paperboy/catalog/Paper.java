package dev.paperboy.catalog;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A paper in the catalog.
 *
 * @param id        stable id: the arXiv id when the first source knew it, else {@code t-} and a title hash
 * @param arxivId   arXiv id when known (possibly learnt after the paper was first seen), else null
 * @param listings  every listing day it appeared on, oldest first
 * @param upvotes   the highest count any source reported, or null
 * @param source    the source it was first seen in
 */
public record Paper(
    String id,
    String arxivId,
    String title,
    String abstractText,
    List<String> authors,
    List<String> keywords,
    String githubUrl,
    String hfUrl,
    Integer upvotes,
    String source,
    Instant firstSeen,
    List<Listing> listings) {

  public Paper {
    authors = List.copyOf(authors);
    keywords = List.copyOf(keywords);
    listings = listings.stream().sorted(Comparator.comparing(Listing::date)).toList();
  }

  public Optional<String> absUrl() {
    return Optional.ofNullable(arxivId).map(a -> "https://arxiv.org/abs/" + a);
  }

  public Optional<String> pdfUrl() {
    return Optional.ofNullable(arxivId).map(a -> "https://arxiv.org/pdf/" + a);
  }

  /** Where a reader should land: the Hugging Face page, else the arXiv page, else an arXiv title search. */
  public String pageUrl() {
    if (hfUrl != null) return hfUrl;
    return absUrl().orElseGet(() -> "https://arxiv.org/search/?searchtype=title&query="
        + URLEncoder.encode(title, StandardCharsets.UTF_8));
  }

  /** The most recent listing day, or null for a paper that was never on a listing. */
  public LocalDate lastListed() {
    return listings.isEmpty() ? null : listings.get(listings.size() - 1).date();
  }

  /** Its rank on the most recent listing it appeared on, or 0 when never listed. */
  public int lastRank() {
    return listings.isEmpty() ? 0 : listings.get(listings.size() - 1).rank();
  }
}
