package dev.paperboy.web;

import dev.paperboy.select.Frequency;
import dev.paperboy.select.Topic;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * What someone chose on the sign-up or manage form, validated.
 *
 * @param email  empty on the manage form (the address is the subscriber's)
 * @param topics the named topics of the topic file they ticked, then one inline topic per keyword
 */
record Choice(String email, String name, List<Topic> topics, ZoneId zone, LocalTime sendAt, Frequency frequency) {
  Choice {
    topics = List.copyOf(topics);
  }
}
