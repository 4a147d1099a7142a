package dev.paperboy.select;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * What selection needs to know about past digests, looked up for many subscribers at once. The
 * deliver stage implements it from its outbox; select only reads it (a package knows
 * the ones before it, never after).
 */
@FunctionalInterface
public interface DeliveryHistory {
  /** For a first run, or a tool that wants every subscriber treated as new. */
  DeliveryHistory NONE = ids -> Map.of();

  /**
   * The history of each given subscriber that has one; a subscriber left out of the map has never
   * had a digest. Called with batches of up to {@link SelectionRun#HISTORY_BATCH} ids.
   */
  Map<String, History> of(Collection<String> subscriberIds);

  /**
   * @param previousWindowEnd the {@link Digest#windowEnd()} of the subscriber's latest digest, sent or
   *                          still waiting in the outbox; null when there is none
   * @param excludedPaperIds  papers ever sent to the subscriber or waiting in an unsent digest. May be
   *                          limited to recent digests (say the last {@link Selector#DEFAULT_LOOKBACK}
   *                          and a bit): older papers cannot be candidates again anyway
   */
  record History(Instant previousWindowEnd, SentPapers excludedPaperIds) {
    public static final History NONE = new History(null, SentPapers.NONE);

    public History {
      excludedPaperIds = excludedPaperIds == null ? SentPapers.NONE : excludedPaperIds;
    }

    /** @param excludedPaperIds taken as is when it is a {@link SentPapers}, else copied */
    public History(Instant previousWindowEnd, Set<String> excludedPaperIds) {
      this(previousWindowEnd, SentPapers.of(excludedPaperIds));
    }
  }
}
