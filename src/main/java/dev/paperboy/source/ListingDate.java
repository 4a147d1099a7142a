package dev.paperboy.source;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date line of a daily-papers listing: "Mar 14", "March 14", "Mar 14th", "Mar 14, 2024",
 * "14 March 2024" or "2024-03-14". The page usually omits the year.
 *
 * @param year the year when the line gives one, else null
 */
record ListingDate(MonthDay monthDay, Integer year) {
  private static final Pattern MONTH_FIRST =
      Pattern.compile("(?i)([a-z]{3,9})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?");
  private static final Pattern DAY_FIRST = Pattern.compile("(?i)(\\d{1,2})\\s+([a-z]{3,9})\\.?(?:,?\\s+(\\d{4}))?");
  private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
  // Feb 29 recurs at most 8 years apart (1896 -> 1904), so looking back that far always finds it
  private static final int YEARS_TO_LOOK_BACK = 8;

  /**
   * @return the date the line names, or null when the line is not shaped like a date
   * @throws DateTimeException when it is shaped like one but names no real day ("Feb 30")
   */
  static ListingDate parse(String line) {
    Matcher m = MONTH_FIRST.matcher(line);
    if (m.matches()) return of(month(m.group(1)), m.group(2), m.group(3));
    m = DAY_FIRST.matcher(line);
    if (m.matches()) return of(month(m.group(2)), m.group(1), m.group(3));
    m = ISO.matcher(line);
    if (m.matches()) return of(Month.of(Integer.parseInt(m.group(2))), m.group(3), m.group(1));
    return null;
  }

  private static ListingDate of(Month month, String day, String year) {
    if (month == null) return null;
    ListingDate date = new ListingDate(MonthDay.of(month, Integer.parseInt(day)), year == null ? null : Integer.valueOf(year));
    // atYear would quietly turn Feb 29 into Feb 28 in a common year
    if (date.year != null && !date.monthDay.isValidYear(date.year)) {
      throw new DateTimeException("no " + date.monthDay + " in " + date.year);
    }
    return date;
  }

  private static Month month(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    for (Month m : Month.values()) {
      String full = m.name().toLowerCase(Locale.ROOT);
      if (w.equals(full) || w.equals(full.substring(0, 3)) || (m == Month.SEPTEMBER && w.equals("sept"))) return m;
    }
    return null;
  }

  /**
   * The day this line means when read on {@code ingestDate}: a given year wins; otherwise the
   * latest such day not after the ingest date ("Dec 31" read on 2026-01-02 is 2025-12-31).
   */
  LocalDate resolve(LocalDate ingestDate) {
    if (year != null) return monthDay.atYear(year);
    for (int y = ingestDate.getYear(); y >= ingestDate.getYear() - YEARS_TO_LOOK_BACK; y--) {
      if (!monthDay.isValidYear(y)) continue; // Feb 29 outside a leap year
      LocalDate candidate = monthDay.atYear(y);
      if (!candidate.isAfter(ingestDate)) return candidate;
    }
    throw new IllegalStateException("no " + monthDay + " within " + YEARS_TO_LOOK_BACK + " years before " + ingestDate);
  }
}
