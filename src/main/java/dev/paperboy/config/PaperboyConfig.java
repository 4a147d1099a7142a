package dev.paperboy.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration, bound from {@code defaults.yaml} + the user's file + {@code PAPERBOY_*}
 * environment variables by {@link ConfigLoader}. Field names are the YAML keys in camel case.
 */
public record PaperboyConfig(
    Path home,
    Storage storage,
    Topics topics,
    Templates templates,
    Ingest ingest,
    Mail mail,
    Delivery delivery,
    Smtp smtp,
    Web web,
    Dkim dkim,
    Serve serve) {

  /** A path from the configuration, resolved against {@link #home()} when relative. */
  public Path resolve(String path) {
    return home.resolve(path).normalize();
  }

  /**
   * @param keep      how long finished outbox rows are kept ({@code storage.keep}); zero keeps them forever
   * @param pruneCron when serve deletes what is older (a Quartz cron expression, UTC)
   */
  public record Storage(String url, String username, String password, int poolSize, Duration keep, String pruneCron) {
    /**
     * The shortest {@code storage.keep}: selection reads a subscriber's digests of the last 34 days to
     * know which papers they were sent; rows younger than that must stay.
     */
    public static final Duration MIN_KEEP = Duration.ofDays(40);

    /** What is wrong with {@code keep} as a time to keep rows for, if anything. */
    public static Optional<String> keepProblem(Duration keep) {
      if (keep.compareTo(MIN_KEEP) >= 0) return Optional.empty();
      return Optional.of("must be at least " + Durations.format(MIN_KEEP) + ", not " + Durations.format(keep)
          + ": selection reads the last 34 days of digests to know what was sent");
    }

    /** Whether anything is ever pruned. */
    public boolean prunes() {
      return !keep.isZero();
    }
  }

  public record Topics(String file) {}

  public record Templates(String dir) {}

  public record Ingest(
      List<String> sources, String cron, String timezone, Duration connectTimeout, Duration readTimeout) {}

  public record Mail(
      String fromName,
      String fromAddress,
      String replyTo,
      String domain,
      String listName,
      String unsubscribeMailto,
      String feedbackId,
      boolean verp,
      String bounceAddress) {}

  public record Delivery(
      String transport,
      String maildir,
      int senders,
      int batchSize,
      Duration lease,
      int maxAttempts,
      Duration retryInitial,
      Duration retryMax,
      Duration maxAge,
      Duration pollInterval,
      int recordBatch,
      double ratePerSecond,
      int ratePerWindow,
      Duration rateWindow,
      int bounceLimit,
      Duration bounceWindow) {}

  public record Smtp(
      String host,
      int port,
      String security,
      String username,
      String password,
      Duration connectTimeout,
      Duration timeout) {}

  /**
   * @param clientIpHeader the header a reverse proxy puts the client's address in; empty: the peer address
   */
  public record Web(String host, int port, String baseUrl, String secrets, Duration confirmTtl, boolean enabled,
      int subscribePerIpPerHour, int subscribePerEmailPerDay, String clientIpHeader) {}

  public record Dkim(String privateKey, String selector, String domain) {}

  /**
   * @param chunkSize on PostgreSQL, a firing slot's subscribers are composed in Quartz jobs of this many,
   *                  which any node may run
   */
  public record Serve(String nodeId, int chunkSize) {}
}
