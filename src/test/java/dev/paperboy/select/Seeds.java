package dev.paperboy.select;

import dev.paperboy.catalog.Listing;
import dev.paperboy.catalog.Paper;
import dev.paperboy.catalog.TitleKey;
import dev.paperboy.source.ParsedPaper;
import dev.paperboy.source.ParsedSource;
import dev.paperboy.source.SourceFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundled sample listings (src/test/resources/seeds), read by a tiny test-only reader: header
 * lines, a date line ("Mar 12"), then title and abstract lines in turn. The real parser lives in the
 * source stage; this one exists so that select's tests do not depend on it.
 */
final class Seeds {
  static final String[] FILES = {"daily-papers-listing-mar12.txt", "daily-papers-listing-mar13.txt",
    "daily-papers-listing-mar14.txt"};
  static final String RADD = "Your Absorbing Discrete Diffusion Secretly Models the Conditional Distributions of Clean Data";
  static final String RADD_ARXIV = "2406.03736";

  private Seeds() {}

  /** One listing as the parser would hand it to the catalog; the year is 2026. */
  static ParsedSource source(String file) {
    List<String> lines = new ArrayList<>();
    for (String l : read(file).split("\n")) if (!l.isBlank()) lines.add(l.strip());
    int i = 0;
    while (!lines.get(i).matches("[A-Z][a-z]{2} \\d{1,2}")) i++;
    String[] md = lines.get(i).split(" ");
    LocalDate day = LocalDate.of(2026, java.time.Month.valueOf(monthName(md[0])), Integer.parseInt(md[1]));
    List<ParsedPaper> papers = new ArrayList<>();
    int rank = 1;
    for (int j = i + 1; j + 1 < lines.size(); j += 2) {
      String title = lines.get(j);
      String arxiv = title.equals(RADD) ? RADD_ARXIV : null;
      papers.add(new ParsedPaper(arxiv, title, lines.get(j + 1), List.of(), day, rank++, null, null, List.of(), null));
    }
    return new ParsedSource(file, SourceFormat.LISTING, papers, List.of(), List.of());
  }

  /**
   * The three listings as catalog papers, deduplicated by title, each first seen at 06:00 UTC on the
   * day of its first listing, as a daily ingest would record them.
   */
  static List<Paper> papers() {
    Map<String, Paper> byKey = new LinkedHashMap<>();
    for (String f : FILES) {
      ParsedSource s = source(f);
      for (ParsedPaper p : s.papers()) {
        Listing listing = new Listing(p.listedOn(), p.rank(), p.upvotes(), f);
        String key = TitleKey.normalise(p.title());
        Paper old = byKey.get(key);
        if (old == null) {
          Instant seen = p.listedOn().atTime(6, 0).toInstant(java.time.ZoneOffset.UTC);
          byKey.put(key, new Paper(p.arxivId() != null ? p.arxivId() : TitleKey.paperId(p.title()), p.arxivId(),
              p.title(), p.abstractText(), p.authors(), p.keywords(), null, null, p.upvotes(), f, seen, List.of(listing)));
        } else {
          List<Listing> ls = new ArrayList<>(old.listings());
          ls.add(listing);
          byKey.put(key, new Paper(old.id(), old.arxivId(), old.title(), old.abstractText(), old.authors(),
              old.keywords(), null, null, old.upvotes(), old.source(), old.firstSeen(), ls));
        }
      }
    }
    return List.copyOf(byKey.values());
  }

  private static String monthName(String abbrev) {
    for (java.time.Month m : java.time.Month.values()) {
      if (m.name().startsWith(abbrev.toUpperCase(java.util.Locale.ROOT))) return m.name();
    }
    throw new IllegalArgumentException(abbrev);
  }

  private static String read(String file) {
    try (InputStream in = Seeds.class.getResourceAsStream("/seeds/" + file)) {
      if (in == null) throw new IllegalStateException("missing seed " + file);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
