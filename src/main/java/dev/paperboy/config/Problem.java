package dev.paperboy.config;

import java.util.Locale;

/**
 * One thing wrong (or doubtful) in a user's file. The message quotes what the file says, so its
 * control and formatting characters are written as escapes: a line break inside a quoted value would
 * otherwise forge a line of the report, and a direction override would reorder it on a terminal.
 */
public record Problem(Location location, Severity severity, String message) {

  public Problem {
    message = printable(message);
  }

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

  /** {@code text} with control and formatting characters as escapes: safe to print on a line of its own. */
  public static String printable(String text) {
    if (text.codePoints().noneMatch(Problem::unprintable)) return text;
    StringBuilder sb = new StringBuilder(text.length() + 16);
    text.codePoints().forEach(c -> {
      if (!unprintable(c)) sb.appendCodePoint(c);
      else if (c == '\n') sb.append("\\n");
      else if (c == '\r') sb.append("\\r");
      else if (c == '\t') sb.append("\\t");
      else sb.append(String.format(Locale.ROOT, "\\u%04X", c));
    });
    return sb.toString();
  }

  private static boolean unprintable(int c) {
    int type = Character.getType(c);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }

  @Override
  public String toString() {
    return location + ": " + (isError() ? "" : "warning: ") + message;
  }
}
