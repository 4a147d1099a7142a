package dev.paperboy.web;

import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.Topic;
import java.util.List;

/**
 * The confirm page ({@code web/confirm.html}): what the button makes active, shown before it is pressed,
 * because anyone can sign an address up with any choice and only the owner of the address confirms.
 *
 * @param name      what digests will greet them by; empty for no name
 * @param topics    the titles of the topics, in order; empty when none is usable any more
 * @param often     "Every day", "Weekdays", "Mondays"; null when the settings are not usable
 * @param time      "07:30"; null likewise
 * @param zone      "Europe/London"; null likewise
 * @param byFile    the topic file lists the address: its settings apply, whoever signed it up
 */
record ConfirmView(String email, String name, List<String> topics, String often, String time, String zone,
    boolean byFile) {

  ConfirmView {
    topics = List.copyOf(topics);
  }

  /** @param settings what confirming makes active, or null when the stored choice is no longer usable */
  static ConfirmView of(StoredSubscriber row, Subscriber settings, boolean byFile) {
    if (settings == null) return new ConfirmView(row.email(), row.name(), List.of(), null, null, null, byFile);
    return new ConfirmView(row.email(), settings.name(), settings.topics().stream().map(Topic::title).toList(),
        NextDigest.howOften(settings.frequency()), settings.sendAt().toString(), settings.timezone().getId(), byFile);
  }
}
