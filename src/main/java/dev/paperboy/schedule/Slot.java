package dev.paperboy.schedule;

import dev.paperboy.select.Frequency;
import dev.paperboy.select.Subscriber;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * A moment in the week when digests go out: a local time in a time zone, on the days of a
 * frequency. Every subscriber with the same three shares one slot and so one Quartz trigger, which
 * keeps 100,000 subscribers down to a few hundred triggers.
 */
public record Slot(ZoneId zone, LocalTime time, Frequency frequency) {

  public static Slot of(Subscriber s) {
    return new Slot(s.timezone(), s.sendAt().withSecond(0).withNano(0), s.frequency());
  }

  public boolean includes(Subscriber s) {
    return equals(of(s));
  }

  /** A stable name, usable as a Quartz key: {@code Europe/London 07:30 weekdays}. */
  public String key() {
    return zone.getId() + " " + time + " " + frequency;
  }

  /** The Quartz cron expression, to be read in {@link #zone()}. */
  public String cron() {
    return time.getSecond() + " " + time.getMinute() + " " + time.getHour() + " ? * " + frequency.cronDays();
  }

  CronExpression cronExpression() {
    try {
      CronExpression e = new CronExpression(cron());
      e.setTimeZone(TimeZone.getTimeZone(zone));
      return e;
    } catch (ParseException e) {
      throw new IllegalStateException("bad cron for slot " + key() + ": " + cron(), e);
    }
  }

  /**
   * The most recent time this slot should have fired, at or before {@code now} and no longer than
   * {@code maxAge} ago: what a node that was down must catch up, once.
   */
  public Optional<Instant> lastFireWithin(Instant now, Duration maxAge) {
    CronExpression cron = cronExpression();
    Date cursor = Date.from(now.minus(maxAge).minusMillis(1));
    Instant last = null;
    while (true) {
      Date next = cron.getTimeAfter(cursor);
      if (next == null || next.toInstant().isAfter(now)) break;
      last = next.toInstant();
      cursor = next;
    }
    return Optional.ofNullable(last);
  }

  @Override
  public String toString() {
    return key();
  }
}
