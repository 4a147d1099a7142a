package dev.paperboy.source;

/**
 * A source that cannot be read or parsed. The message always names the source, where in it the
 * problem is (a line, a byte offset, an HTTP status) and why.
 */
public final class SourceException extends Exception {
  private final String source;
  private final String location;
  private final String reason;

  public SourceException(String source, String location, String reason) {
    this(source, location, reason, null);
  }

  public SourceException(String source, String location, String reason, Throwable cause) {
    super(format(source, location, reason), cause);
    this.source = source;
    this.location = location;
    this.reason = reason;
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
}
