package dev.paperboy.select;

import dev.paperboy.catalog.CatalogStore;
import dev.paperboy.catalog.Listing;
import dev.paperboy.catalog.Paper;
import dev.paperboy.catalog.TitleKey;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * What selection reads from the catalog. {@link #of(Jdbi)} reads the database; {@link #inMemory}
 * serves a fixed list of papers, for benchmarks and tests that want no database.
 */
public interface CatalogView extends PaperLookup {

  /** Papers first seen after {@code after} (exclusive) and up to {@code upTo} (inclusive). */
  List<Paper> firstSeenBetween(Instant after, Instant upTo);

  /** The most recent listing day not after {@code day}. */
  Optional<LocalDate> latestListingDay(LocalDate day);

  /** The papers on one day's listing. */
  List<Paper> listedOn(LocalDate day);

  static CatalogView of(Jdbi jdbi) {
    return new CatalogView() {
      @Override
      public List<Paper> firstSeenBetween(Instant after, Instant upTo) {
        return jdbi.withHandle(h -> new CatalogStore(h).firstSeenBetween(after, upTo));
      }

      @Override
      public Optional<LocalDate> latestListingDay(LocalDate day) {
        return jdbi.withHandle(h -> new CatalogStore(h).latestListingDay(day));
      }

      @Override
      public List<Paper> listedOn(LocalDate day) {
        return jdbi.withHandle(h -> new CatalogStore(h).listedOn(day));
      }

      @Override
      public Optional<Paper> find(String reference) {
        String ref = reference.strip();
        return jdbi.withHandle(h -> {
          CatalogStore store = new CatalogStore(h);
          if (ref.startsWith("t-")) {
            List<Paper> byId = store.byIds(List.of(ref));
            if (!byId.isEmpty()) return Optional.of(byId.get(0));
          }
          return store.findMatch(PaperLookup.arxivId(ref).orElse(null), TitleKey.of(ref));
        });
      }
    };
  }

  static CatalogView inMemory(Collection<Paper> papers) {
    List<Paper> all = List.copyOf(papers);
    return new CatalogView() {
      @Override
      public List<Paper> firstSeenBetween(Instant after, Instant upTo) {
        return all.stream()
            .filter(p -> p.firstSeen().isAfter(after) && !p.firstSeen().isAfter(upTo))
            .sorted(Comparator.comparing(Paper::firstSeen).thenComparing(Paper::id))
            .toList();
      }

      @Override
      public Optional<LocalDate> latestListingDay(LocalDate day) {
        return all.stream().flatMap(p -> p.listings().stream()).map(Listing::date)
            .filter(d -> !d.isAfter(day)).max(Comparator.naturalOrder());
      }

      @Override
      public List<Paper> listedOn(LocalDate day) {
        return all.stream()
            .filter(p -> p.listings().stream().anyMatch(l -> l.date().equals(day)))
            .sorted(Comparator.comparingInt((Paper p) -> p.listings().stream()
                .filter(l -> l.date().equals(day)).findFirst().orElseThrow().rank()).thenComparing(Paper::id))
            .toList();
      }

      @Override
      public Optional<Paper> find(String reference) {
        String ref = reference.strip();
        Optional<String> arxiv = PaperLookup.arxivId(ref);
        String key = TitleKey.normalise(ref);
        return all.stream()
            .filter(p -> p.id().equals(ref) || (arxiv.isPresent() && arxiv.get().equals(p.arxivId()))
                || TitleKey.normalise(p.title()).equals(key))
            .findFirst();
      }
    };
  }
}
