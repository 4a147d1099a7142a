package dev.paperboy.source;

import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Downloads one http(s) source: redirects followed, time and size bounded, non-2xx refused. */
final class HttpSource {
  static final String USER_AGENT = "Paperboy/0.1 (+https://github.com/paperboy)";
  private static final String ACCEPT =
      "application/json, application/atom+xml, application/rss+xml, application/xml;q=0.9, text/plain;q=0.8, */*;q=0.5";
  // HttpClient does not expose the server's reason phrase, so name the usual ones ourselves
  private static final Map<Integer, String> REASONS = Map.ofEntries(
      Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"), Map.entry(303, "See Other"), Map.entry(304, "Not Modified"),
      Map.entry(307, "Temporary Redirect"), Map.entry(308, "Permanent Redirect"), Map.entry(400, "Bad Request"),
      Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
      Map.entry(406, "Not Acceptable"), Map.entry(408, "Request Timeout"), Map.entry(410, "Gone"), Map.entry(413, "Content Too Large"),
      Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
      Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

  private final HttpClient client;
  private final Duration connectTimeout;
  private final Duration timeout;
  private final long maxBytes;

  HttpSource(Duration connectTimeout, Duration timeout, long maxBytes) {
    this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(connectTimeout).build();
    this.connectTimeout = connectTimeout;
    this.timeout = timeout;
    this.maxBytes = maxBytes;
  }

  byte[] read(String url) throws SourceException {
    HttpRequest request =
        HttpRequest.newBuilder(uri(url)).timeout(timeout).header("User-Agent", USER_AGENT).header("Accept", ACCEPT).GET().build();
    // a body is only worth reading from a 2xx answer
    CompletableFuture<HttpResponse<byte[]>> answer = client.sendAsync(request, info -> info.statusCode() / 100 == 2
        ? new LimitedBody(maxBytes, info.headers().firstValueAsLong("Content-Length").orElse(-1))
        : HttpResponse.BodySubscribers.replacing(null));
    HttpResponse<byte[]> response;
    try {
      // the request timeout only covers the wait for headers; this bounds the body too
      response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw timedOut(url, e);
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw SourceException.unreachable(url, null, "interrupted while downloading", e);
    } catch (ExecutionException e) {
      throw failed(url, e.getCause());
    }
    int status = response.statusCode();
    if (status / 100 != 2) {
      String reason = REASONS.containsKey(status) ? status + " " + REASONS.get(status) : String.valueOf(status);
      String message = "server answered " + reason + (status / 100 == 3 ? " (redirect not followed)" : "");
      // the server's trouble or a request to wait: the same address may answer later
      if (status / 100 == 5 || status == 408 || status == 429) throw SourceException.unreachable(url, "HTTP " + status, message, null);
      throw new SourceException(url, "HTTP " + status, message);
    }
    return response.body();
  }

  private static URI uri(String url) throws SourceException {
    try {
      URI uri = new URI(url);
      if (uri.getHost() == null) throw new SourceException(url, null, "not a valid URL: no host name");
      return uri;
    } catch (URISyntaxException e) {
      throw new SourceException(url, null, "not a valid URL: " + e.getMessage(), e);
    }
  }

  private SourceException timedOut(String url, Exception cause) {
    return SourceException.unreachable(url, null, "no complete answer within " + timeout.toMillis() + " ms (timeout)", cause);
  }

  private SourceException failed(String url, Throwable cause) {
    while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
    if (cause instanceof HttpConnectTimeoutException) {
      return SourceException.unreachable(url, null, "cannot connect within " + connectTimeout.toMillis() + " ms (timeout)", cause);
    }
    if (cause instanceof HttpTimeoutException) return timedOut(url, (Exception) cause);
    if (cause instanceof LimitedBody.TooLargeException) {
      return new SourceException(url, null, "the answer is larger than the limit of " + SourceReader.size(maxBytes), cause);
    }
    if (cause instanceof ConnectException) return SourceException.unreachable(url, null, "cannot connect: " + whyNoConnection(cause), cause);
    return SourceException.unreachable(url, null, "download failed: " + describe(cause), cause);
  }

  /** HttpClient's ConnectException usually has no message; its cause tells a lookup failure from a refusal. */
  private static String whyNoConnection(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) return "unknown host";
    }
    String message = describe(t);
    return message.equals(t.getClass().getSimpleName()) ? "connection refused" : message;
  }

  /** Java's network exceptions often carry no message; their cause or type still says something. */
  private static String describe(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null && !c.getMessage().isBlank()) return c.getMessage();
    }
    return t.getClass().getSimpleName();
  }
}
