package dev.paperboy.select;

import dev.paperboy.catalog.Paper;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * Chooses the papers of digests, in batches: {@link #prepare} loads the candidate papers of one
 * digest time into one in-memory index; the {@link SelectionRun} it returns then selects for any
 * number of subscribers, running each distinct query once.
 *
 * <pre>
 * SelectionRun run = selector.prepare(cycleInstant);
 * run.selectAll(subscribers, deliveryHistory, digest -> render(digest));
 * </pre>
 */
public final class Selector {
  /**
   * How far back a window reaches at most: a subscriber whose previous digest is older (paused for a
   * while, or a weekly one just after a long gap) gets papers first seen in this span only.
   */
  public static final Duration DEFAULT_LOOKBACK = Duration.ofDays(31);

  private final CatalogView catalog;
  private final Duration lookback;

  public Selector(CatalogView catalog) {
    this(catalog, DEFAULT_LOOKBACK);
  }

  public Selector(CatalogView catalog, Duration lookback) {
    this.catalog = catalog;
    this.lookback = lookback;
  }

  public static Selector over(Jdbi jdbi) {
    return new Selector(CatalogView.of(jdbi));
  }

  /**
   * Loads the papers any subscriber could get at {@code asOf}: those first seen within the lookback
   * before it, and those on the latest listing day of every local date {@code asOf} falls on
   * somewhere on Earth (for first digests).
   *
   * @param asOf the digest time T shared by every subscriber of one cycle; it becomes each digest's
   *             {@link Digest#windowEnd()}
   */
  public SelectionRun prepare(Instant asOf) {
    return prepare(asOf, null);
  }

  /**
   * {@link #prepare(Instant)} for digests dated {@code date} rather than by the clock (an admin's
   * {@code send --date}, the demo replaying past listings): that day's listing is loaded as well.
   */
  public SelectionRun prepare(Instant asOf, LocalDate date) {
    Map<String, Paper> papers = new LinkedHashMap<>();
    for (Paper p : catalog.firstSeenBetween(asOf.minus(lookback), asOf)) papers.put(p.id(), p);
    LocalDate first = asOf.atOffset(ZoneOffset.ofHours(-12)).toLocalDate();
    LocalDate last = asOf.atOffset(ZoneOffset.ofHours(14)).toLocalDate();
    Set<LocalDate> dates = new TreeSet<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) dates.add(d);
    if (date != null) {
      dates.add(date);
      if (date.isBefore(first)) first = date;
      if (date.isAfter(last)) last = date;
    }
    Map<LocalDate, LocalDate> listingDays = new HashMap<>();
    for (LocalDate d : dates) {
      Optional<LocalDate> day = catalog.latestListingDay(d);
      if (day.isEmpty()) continue;
      boolean loaded = listingDays.containsValue(day.get());
      listingDays.put(d, day.get());
      if (loaded) continue;
      for (Paper p : catalog.listedOn(day.get())) {
        if (!p.firstSeen().isAfter(asOf)) papers.putIfAbsent(p.id(), p);
      }
    }
    List<Paper> list = new ArrayList<>(papers.values());
    return new SelectionRun(asOf, asOf.minus(lookback), first, last, listingDays, PaperIndex.of(list), catalog);
  }

}
