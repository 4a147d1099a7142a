package dev.paperboy.select;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Optional;

/** How often a subscriber gets a digest: {@code daily}, {@code weekdays} or {@code weekly:MON}. */
public record Frequency(Kind kind, DayOfWeek day) {
  public static final Frequency DAILY = new Frequency(Kind.DAILY, null);
  public static final Frequency WEEKDAYS = new Frequency(Kind.WEEKDAYS, null);

  public enum Kind {
    DAILY,
    WEEKDAYS,
    WEEKLY
  }

  public static Frequency weekly(DayOfWeek day) {
    return new Frequency(Kind.WEEKLY, day);
  }

  /** Parses the topic-file form; empty when the text is not a frequency. */
  public static Optional<Frequency> parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("daily")) return Optional.of(DAILY);
    if (t.equals("weekdays")) return Optional.of(WEEKDAYS);
    if (t.startsWith("weekly:")) {
      String d = t.substring("weekly:".length()).strip();
      for (DayOfWeek day : DayOfWeek.values()) {
        String full = day.name().toLowerCase(Locale.ROOT);
        if (d.equals(full) || (d.length() == 3 && full.startsWith(d))) return Optional.of(weekly(day));
      }
    }
    return Optional.empty();
  }

  /** Whether a digest is due on this local date. */
  public boolean isDue(LocalDate date) {
    return switch (kind) {
      case DAILY -> true;
      case WEEKDAYS -> date.getDayOfWeek().getValue() <= 5;
      case WEEKLY -> date.getDayOfWeek() == day;
    };
  }

  /** The Quartz cron day-of-week field for this frequency. */
  public String cronDays() {
    return switch (kind) {
      case DAILY -> "*";
      case WEEKDAYS -> "MON-FRI";
      case WEEKLY -> day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toUpperCase(Locale.ROOT);
    };
  }

  @Override
  public String toString() {
    return switch (kind) {
      case DAILY -> "daily";
      case WEEKDAYS -> "weekdays";
      case WEEKLY -> "weekly:" + day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toUpperCase(Locale.ROOT);
    };
  }
}
