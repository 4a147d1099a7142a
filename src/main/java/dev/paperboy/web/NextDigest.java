package dev.paperboy.web;

import dev.paperboy.select.Frequency;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** When someone's next digest is due, said the way they think of it: their day, their time, their zone. */
final class NextDigest {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.ENGLISH);

  private NextDigest() {}

  /** The first due send time after {@code now}. */
  static ZonedDateTime after(Instant now, ZoneId zone, LocalTime at, Frequency frequency) {
    ZonedDateTime local = now.atZone(zone);
    LocalDate day = local.toLocalDate();
    for (int i = 0; i <= 7; i++) {
      ZonedDateTime candidate = ZonedDateTime.of(day.plusDays(i), at, zone);
      if (candidate.isAfter(local) && frequency.isDue(candidate.toLocalDate())) return candidate;
    }
    throw new IllegalStateException("no send time within a week for " + frequency);
  }

  /** "Tuesday 17 March at 08:00 (Europe/London)". */
  static String describe(Instant now, ZoneId zone, LocalTime at, Frequency frequency) {
    ZonedDateTime t = after(now, zone, at, frequency);
    return DAY.format(t) + " at " + at + " (" + zone.getId() + ")";
  }

  /** "Every day at 08:00 (UTC)", "Weekdays at 07:30 (Asia/Tokyo)", "Mondays at 09:00 (Europe/Paris)". */
  static String delivery(ZoneId zone, LocalTime at, Frequency frequency) {
    return howOften(frequency) + " at " + at + " (" + zone.getId() + ")";
  }

  /** "Every day", "Weekdays", "Mondays". */
  static String howOften(Frequency frequency) {
    return switch (frequency.kind()) {
      case DAILY -> "Every day";
      case WEEKDAYS -> "Weekdays";
      case WEEKLY -> frequency.day().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH) + "s";
    };
  }
}
