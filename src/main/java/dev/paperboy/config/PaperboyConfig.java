package dev.paperboy.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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

  public record Storage(String url, String username, String password, int poolSize) {}

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
      Duration rateWindow) {}

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
