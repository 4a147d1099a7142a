package dev.paperboy.source;

/**
 * A source that cannot be read or parsed. The message always names the source, where in it the
 * problem is (a line, a byte offset, an HTTP status) and why.
 */
public final class SourceException extends Exception {
  private final String source;
  private final String location;
  private final String reason;
  private final boolean unreachable;

  public SourceException(String source, String location, String reason) {
    this(source, location, reason, null);
  }

  public SourceException(String source, String location, String reason, Throwable cause) {
    this(source, location, reason, cause, false);
  }

  private SourceException(String source, String location, String reason, Throwable cause, boolean unreachable) {
    super(format(source, location, reason), cause);
    this.source = source;
    this.location = location;
    this.reason = reason;
    this.unreachable = unreachable;
  }

  /**
   * A source that could not be fetched for a reason of the network or the server's (no connection, a
   * timeout, a 5xx answer): nothing is wrong with what the user gave, and trying again later may work.
   */
  static SourceException unreachable(String source, String location, String reason, Throwable cause) {
    return new SourceException(source, location, reason, cause, true);
  }

  private static String format(String source, String location, String reason) {
    return location == null || location.isEmpty() ? source + ": " + reason : source + ":" + location + ": " + reason;
  }

  public String source() {
    return source;
  }

  /** "12" for a line, "byte 345", "HTTP 404"; null when the whole source is at fault. */
  public String location() {
    return location;
  }

  public String reason() {
    return reason;
  }

  /** True when the source could not be fetched (see {@link #unreachable}), false when it is at fault. */
  public boolean isUnreachable() {
    return unreachable;
  }
}
