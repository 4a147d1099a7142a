package dev.paperboy.catalog;

import dev.paperboy.source.ParsedSource;
import java.util.List;

/**
 * What ingesting one source did.
 *
 * @param added       papers the catalog did not have
 * @param known       papers it already had (their listing history may have grown)
 * @param newListings listing days recorded for papers already known
 */
public record IngestReport(
    String source, int added, int known, int newListings, List<ParsedSource.Skipped> skipped, List<String> warnings) {

  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append(source).append(": ").append(added).append(" new, ").append(known).append(" already known");
    if (newListings > 0) sb.append(" (").append(newListings).append(newListings == 1 ? " new listing day)" : " new listing days)");
    sb.append(", ").append(skipped.size()).append(" skipped");
    return sb.toString();
  }
}
