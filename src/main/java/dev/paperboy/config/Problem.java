package dev.paperboy.config;

/** One thing wrong (or doubtful) in a user's file. */
public record Problem(Location location, Severity severity, String message) {

  public enum Severity {
    ERROR,
    WARNING
  }

  public static Problem error(Location location, String message) {
    return new Problem(location, Severity.ERROR, message);
  }

  public static Problem warning(Location location, String message) {
    return new Problem(location, Severity.WARNING, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    return location + ": " + (isError() ? "" : "warning: ") + message;
  }
}
