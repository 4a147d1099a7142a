package dev.paperboy.select;

import dev.paperboy.catalog.Paper;
import java.util.List;

/**
 * A paper chosen for a digest.
 *
 * @param score   the combined relevance and trendiness it was ranked by (see README "Ranking")
 * @param topics  every topic of the subscriber it matched, best first; it is shown under the first
 */
public record Pick(Paper paper, double score, List<Topic> topics) {
  public Pick {
    topics = List.copyOf(topics);
  }
}
