package dev.paperboy.web;

import dev.paperboy.select.EmailAddress;
import dev.paperboy.select.Frequency;
import dev.paperboy.select.Topic;
import dev.paperboy.select.TopicFile;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the form against the topic file in force and says, per field, what is wrong in words a
 * reader understands. What it accepts is what the topic file would accept: addresses by the one
 * {@link EmailAddress} rule (an internationalised domain becomes its ASCII form), named topics that
 * exist, keywords that {@code QueryLanguage} can search for, zones Java knows, HH:MM, and the topic
 * file's frequencies.
 */
final class ChoiceValidator {
  static final int MAX_NAME = 100;
  private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})(?::00)?");

  /** The choice when there are no errors; the errors by form field ("email", "topics", ...) otherwise. */
  record Result(Choice choice, Map<String, String> errors) {
    boolean ok() {
      return errors.isEmpty();
    }
  }

  private ChoiceValidator() {}

  /**
   * @param needEmail   the sign-up form has an address; the manage form does not
   * @param keepInline  inline topics the subscriber already has, by title: a keyword equal to one of
   *                    their titles keeps that topic as it is (an admin may have given it a finer query)
   */
  static Result validate(FormInput in, TopicFile file, boolean needEmail, Map<String, Topic> keepInline) {
    Map<String, String> errors = new LinkedHashMap<>();
    String email = "";
    if (needEmail) {
      EmailAddress.Check c = in.email().isBlank() ? null : EmailAddress.check(in.email());
      if (c == null) errors.put("email", "Your email address, please.");
      else if (!c.ok()) errors.put("email", c.problem());
      else email = c.address().toString();
    }
    String name = Inputs.clean(in.name());
    if (name.codePointCount(0, name.length()) > MAX_NAME) errors.put("name", "At most " + MAX_NAME + " characters, please.");

    List<Topic> topics = new ArrayList<>();
    for (String key : in.topics()) {
      file.topic(key).ifPresentOrElse(t -> {
        if (!topics.contains(t)) topics.add(t);
      }, () -> errors.putIfAbsent("topics", "That topic list has changed meanwhile: please choose again."));
    }
    List<String> keywords = Keywords.split(in.keywords());
    if (keywords.size() > Keywords.MAX) {
      errors.put("keywords", "At most " + Keywords.MAX + " keywords, please.");
    } else {
      for (String k : keywords) {
        Topic kept = keepInline.get(k);
        if (kept != null) {
          topics.add(kept);
          continue;
        }
        String problem = Keywords.problem(k);
        if (problem != null) {
          errors.putIfAbsent("keywords", Character.toUpperCase(problem.charAt(0)) + problem.substring(1) + ".");
        } else {
          topics.add(Keywords.topic(k));
        }
      }
    }
    if (topics.isEmpty() && !errors.containsKey("topics") && !errors.containsKey("keywords")) {
      errors.put("topics", file.topics().isEmpty() ? "Type at least one keyword to follow."
          : "Choose at least one topic, or type a keyword.");
    }

    ZoneId zone = zone(in.timezone());
    if (zone == null) errors.put("timezone", "Choose a time zone from the list.");
    LocalTime at = time(in.sendAt());
    if (at == null) errors.put("send_at", "Give a time as HH:MM, for example 07:30.");
    Frequency frequency = Frequency.parse(in.frequency()).orElse(null);
    if (frequency == null) errors.put("frequency", "Choose how often.");

    if (!errors.isEmpty()) return new Result(null, errors);
    return new Result(new Choice(email, name, topics, zone, at, frequency), Map.of());
  }

  /** Region ids Java knows ("Europe/London") and UTC; offsets and abbreviations are not offered. */
  static ZoneId zone(String id) {
    String z = id.strip();
    if (!z.equals("UTC") && !WebZones.ids().contains(z)) return null;
    try {
      return ZoneId.of(z);
    } catch (DateTimeException e) {
      return null;
    }
  }

  static LocalTime time(String text) {
    Matcher m = TIME.matcher(text.strip());
    if (!m.matches()) return null;
    int h = Integer.parseInt(m.group(1));
    int min = Integer.parseInt(m.group(2));
    if (h > 23 || min > 59) return null;
    return LocalTime.of(h, min);
  }
}
