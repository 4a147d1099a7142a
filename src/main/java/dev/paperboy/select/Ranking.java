package dev.paperboy.select;

import dev.paperboy.catalog.Paper;

/**
 * How a matched paper is scored for a topic: relevance, lifted by trendiness. See docs/ranking.md.
 *
 * <pre>
 *   score = relevance × (1 + TREND_WEIGHT × trend)
 *   relevance = match score / best match score of the same topic among the same candidates   (0, 1]
 *   trend     = ln(1 + upvotes) / ln(1 + most upvotes among the run's papers)   when upvotes are known
 *             = 1 − (rank − 1) / listing size   (its latest listing)            otherwise
 *             = 0                                                              when neither is known
 * </pre>
 *
 * A paper's score in a digest is its best score over the subscriber's topics.
 */
public final class Ranking {
  /**
   * How much trendiness can lift a paper: the most trending paper gains 50%, so it beats a better
   * match only when that match is less than 1.5 times as relevant.
   */
  public static final double TREND_WEIGHT = 0.5;

  private Ranking() {}

  public static double score(double relevance, double trend) {
    return relevance * (1 + TREND_WEIGHT * trend);
  }

  /**
   * @param maxUpvotes  the most upvotes of any paper in the run (0 when none is known)
   * @param listingSize how many papers the paper's latest listing held (at least its rank)
   */
  public static double trend(Paper p, int maxUpvotes, int listingSize) {
    if (p.upvotes() != null) {
      if (maxUpvotes <= 0) return 0;
      return Math.log1p(Math.max(0, p.upvotes())) / Math.log1p(maxUpvotes);
    }
    int rank = p.lastRank();
    if (rank <= 0) return 0;
    int size = Math.max(listingSize, rank);
    return 1.0 - (rank - 1.0) / size;
  }
}
