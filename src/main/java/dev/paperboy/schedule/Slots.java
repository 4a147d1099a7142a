package dev.paperboy.schedule;

import dev.paperboy.select.Frequency;
import java.time.LocalTime;
import java.time.ZoneId;
import org.quartz.JobDataMap;

/** Slots as Quartz job data: plain strings, so a JDBC job store can keep them. */
final class Slots {
  static final String ZONE = "zone";
  static final String TIME = "time";
  static final String FREQUENCY = "frequency";
  static final String SCHEDULED_AT = "scheduledAt";
  /** A chunk's subscriber ids, comma-separated (ids are base32). */
  static final String SUBSCRIBERS = "subscribers";

  private Slots() {}

  static JobDataMap toJobData(Slot slot) {
    JobDataMap m = new JobDataMap();
    m.put(ZONE, slot.zone().getId());
    m.put(TIME, slot.time().toString());
    m.put(FREQUENCY, slot.frequency().toString());
    return m;
  }

  static Slot fromJobData(JobDataMap m) {
    return new Slot(ZoneId.of(m.getString(ZONE)), LocalTime.parse(m.getString(TIME)),
        Frequency.parse(m.getString(FREQUENCY)).orElseThrow());
  }
}
