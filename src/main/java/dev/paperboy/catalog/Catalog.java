package dev.paperboy.catalog;

import dev.paperboy.source.ParsedPaper;
import dev.paperboy.source.ParsedSource;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The deduplicated paper catalog. Each source is ingested in one transaction: it is recorded whole
 * or, when anything goes wrong, not at all.
 */
public final class Catalog {
  private static final String TRUNCATED = "[...]";

  private final Jdbi jdbi;
  private final Clock clock;

  public Catalog(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /**
   * Records a parsed source. A paper already in the catalog (same arXiv id, or same normalised title)
   * gains the new listing day and whatever the catalog lacked (arXiv id, a full abstract, authors,
   * links, a higher upvote count); nothing else about it changes, so ingesting a source twice is a no-op.
   */
  public IngestReport ingest(ParsedSource source) {
    Instant now = clock.instant();
    return jdbi.inTransaction(h -> {
      CatalogStore store = new CatalogStore(h);
      int added = 0;
      int known = 0;
      int newListings = 0;
      List<ParsedSource.Skipped> skipped = new ArrayList<>(source.skipped());
      for (ParsedPaper parsed : source.papers()) {
        String key = TitleKey.of(parsed.title());
        Listing listing = new Listing(parsed.listedOn(), parsed.rank(), parsed.upvotes(), source.name());
        Optional<Paper> match = store.findMatch(parsed.arxivId(), key);
        if (match.isEmpty()) {
          Paper fresh = fresh(parsed, source.name(), now);
          if (store.idTaken(fresh.id())) {
            skipped.add(new ParsedSource.Skipped("rank " + parsed.rank(), "id " + fresh.id() + " already names another paper"));
            continue;
          }
          store.insert(fresh, key);
          store.addListing(fresh.id(), listing);
          added++;
          continue;
        }
        Paper existing = match.get();
        Paper merged = merge(existing, parsed, store);
        if (!merged.equals(existing)) store.update(merged);
        if (existing.listings().stream().noneMatch(l -> l.date().equals(parsed.listedOn()))) {
          store.addListing(existing.id(), listing);
          newListings++;
        }
        known++;
      }
      return new IngestReport(source.name(), added, known, newListings, skipped, source.warnings());
    });
  }

  /** The catalog, most recently listed first; only papers listed on or after {@code since} when given. */
  public List<Paper> papers(LocalDate since) {
    return jdbi.withHandle(h -> new CatalogStore(h).papers(since));
  }

  private static Paper fresh(ParsedPaper p, String source, Instant now) {
    String id = p.arxivId() != null ? p.arxivId() : TitleKey.paperId(p.title());
    return new Paper(id, p.arxivId(), p.title(), p.abstractText(), p.authors(), p.keywords(), p.githubRepo(),
        p.hfUrl(), p.upvotes(), source, now, List.of());
  }

  private static Paper merge(Paper e, ParsedPaper p, CatalogStore store) {
    String arxivId = e.arxivId();
    if (arxivId == null && p.arxivId() != null && !store.arxivIdTaken(p.arxivId())) {
      arxivId = p.arxivId();
    }
    String abstractText = betterAbstract(e.abstractText(), p.abstractText());
    List<String> authors = e.authors().isEmpty() ? p.authors() : e.authors();
    List<String> keywords = e.keywords().isEmpty() ? p.keywords() : e.keywords();
    String github = e.githubUrl() != null ? e.githubUrl() : p.githubRepo();
    String hf = e.hfUrl() != null ? e.hfUrl() : p.hfUrl();
    Integer upvotes = max(e.upvotes(), p.upvotes());
    return new Paper(e.id(), arxivId, e.title(), abstractText, authors, keywords, github, hf, upvotes, e.source(),
        e.firstSeen(), e.listings());
  }

  /** A page dump cuts long abstracts with "[...]"; a complete one from a later source replaces it. */
  private static String betterAbstract(String current, String offered) {
    if (current.isBlank()) return offered;
    boolean currentCut = current.stripTrailing().endsWith(TRUNCATED);
    boolean offeredCut = offered.stripTrailing().endsWith(TRUNCATED);
    return currentCut && !offeredCut && !offered.isBlank() ? offered : current;
  }

  private static Integer max(Integer a, Integer b) {
    if (a == null) return b;
    if (b == null) return a;
    return Math.max(a, b);
  }
}
