package dev.paperboy.select;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What one subscriber gets on one day: papers grouped by topic, each paper once.
 *
 * @param date      the subscriber's local date the digest is for
 * @param windowEnd the instant the selection was made as of: the next digest takes papers first
 *                  seen after it
 * @param sections  non-empty sections, in order of their best pick
 */
public record Digest(Subscriber subscriber, LocalDate date, Instant windowEnd, List<Section> sections) {
  public Digest {
    sections = List.copyOf(sections);
  }

  public int paperCount() {
    return sections.stream().mapToInt(s -> s.picks().size()).sum();
  }

  public boolean isEmpty() {
    return paperCount() == 0;
  }

  public List<Pick> picks() {
    return sections.stream().flatMap(s -> s.picks().stream()).toList();
  }
}
