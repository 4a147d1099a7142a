package dev.paperboy.web;

import dev.paperboy.select.Frequency;
import dev.paperboy.select.Prefs;
import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.Topic;
import dev.paperboy.select.TopicFile;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the sign-up and manage forms show: the choices offered (the topic file's named topics, time
 * zones, frequencies), what is chosen, and the errors by field. Values are printed by the templates
 * with {@code th:text}/{@code th:value}, escaped.
 *
 * @param errors     what is wrong, by field (email, name, topics, keywords, timezone, send_at, frequency)
 * @param errorList  the same in the order of the form, each with the element to go to: the error summary
 */
record FormView(String email, String name, List<TopicOption> topics, String keywords, List<String> zones,
    String timezone, boolean zoneChosen, String sendAt, List<Option> frequencies, Map<String, String> errors,
    List<FieldError> errorList) {

  private static final Pattern HTML_TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,3})?)?");
  /** The fields in the order the form shows them. */
  private static final List<String> FIELDS = List.of("email", "name", "topics", "keywords", "timezone", "send_at",
      "frequency");

  /** A named topic of the topic file, ticked or not; {@code id} is its checkbox's. */
  record TopicOption(String key, String title, boolean checked, String id) {
    TopicOption(String key, String title, boolean checked) {
      this(key, title, checked, "topic-" + key);
    }
  }

  /** One choice of a select. */
  record Option(String value, String label, boolean selected) {}

  /**
   * One thing wrong with the form.
   *
   * @param field  the field's name in {@link #errors}
   * @param target the id of the element that takes it (the first topic's checkbox for "topics")
   */
  record FieldError(String field, String target, String message) {}

  FormView {
    topics = List.copyOf(topics);
    frequencies = List.copyOf(frequencies);
    errors = Map.copyOf(errors);
    errorList = List.copyOf(errorList);
  }

  FormView(String email, String name, List<TopicOption> topics, String keywords, List<String> zones, String timezone,
      boolean zoneChosen, String sendAt, List<Option> frequencies, Map<String, String> errors) {
    this(email, name, topics, keywords, zones, timezone, zoneChosen, sendAt, frequencies, errors,
        inFormOrder(errors, topics));
  }

  private static List<FieldError> inFormOrder(Map<String, String> errors, List<TopicOption> topics) {
    List<FieldError> out = new ArrayList<>();
    for (String f : FIELDS) {
      if (errors.containsKey(f)) out.add(new FieldError(f, target(f, topics), errors.get(f)));
    }
    errors.keySet().stream().filter(f -> !FIELDS.contains(f)).sorted()
        .forEach(f -> out.add(new FieldError(f, f, errors.get(f))));
    return out;
  }

  /** Where a field's error sends the reader: the element with that id, or for topics the first checkbox. */
  private static String target(String field, List<TopicOption> topics) {
    if (!field.equals("topics")) return field;
    // without named topics in the file, the form shows the topics error under the keywords
    return topics.isEmpty() ? "keywords" : topics.get(0).id();
  }

  /** The empty sign-up form: the topic file's defaults. */
  static FormView blank(TopicFile file) {
    TopicFile.Defaults d = file.defaults();
    return new FormView("", "", topicOptions(file, Set.of()), "", WebZones.list(), d.timezone().getId(), false,
        d.sendAt().toString(), frequencies(d.frequency().toString()), Map.of());
  }

  /** The form as it was posted, with what was wrong. */
  static FormView of(FormInput in, TopicFile file, Map<String, String> errors) {
    String zone = in.timezone().isBlank() ? file.defaults().timezone().getId() : in.timezone();
    return new FormView(in.email(), in.name(), topicOptions(file, new HashSet<>(in.topics())), in.keywords(),
        WebZones.list(), zone, true, timeValue(in.sendAt()), frequencies(in.frequency()), errors);
  }

  /**
   * What an {@code <input type=time>} may hold: a time as HTML writes it, else nothing (which is what a
   * browser makes of anything else; "25:00" from a hand-made post would make the page invalid HTML).
   */
  private static String timeValue(String typed) {
    return HTML_TIME.matcher(typed).matches() ? typed : "";
  }

  /** A stored subscriber's current choice: named topics ticked, inline topics as keywords. */
  static FormView of(Subscriber s, TopicFile file) {
    Set<String> named = new HashSet<>();
    List<String> keywords = new ArrayList<>();
    for (Topic t : s.topics()) {
      if (file.topic(t.key()).filter(t::equals).isPresent()) named.add(t.key());
      else keywords.add(t.title());
    }
    return new FormView(s.email(), s.name(), topicOptions(file, named), String.join(", ", keywords), WebZones.list(),
        s.timezone().getId(), true, s.sendAt().toString(), frequencies(s.frequency().toString()), Map.of());
  }

  /**
   * A subscriber with no usable topics (all of theirs left the topic file): nothing ticked, but their
   * own name and stored time, zone and frequency, so that choosing topics is all they have to do.
   */
  static FormView withoutTopics(StoredSubscriber row, TopicFile file) {
    TopicFile.Defaults d = file.defaults();
    Optional<Prefs.Delivery> stored = Prefs.delivery(row.prefs(), file);
    Prefs.Delivery delivery = stored.orElse(new Prefs.Delivery(d.timezone(), d.sendAt(), d.frequency()));
    // zoneChosen: the time-zone script must not replace a zone they chose with the browser's
    return new FormView(row.email(), row.name() == null ? "" : row.name(), topicOptions(file, Set.of()), "",
        WebZones.list(), delivery.timezone().getId(), stored.isPresent(), delivery.sendAt().toString(),
        frequencies(delivery.frequency().toString()), Map.of());
  }

  private static List<TopicOption> topicOptions(TopicFile file, Set<String> checked) {
    List<TopicOption> out = new ArrayList<>();
    file.topics().forEach((key, t) -> out.add(new TopicOption(key, t.title(), checked.contains(key))));
    return out;
  }

  private static List<Option> frequencies(String selected) {
    String chosen = Frequency.parse(selected).map(Frequency::toString).orElse("daily");
    List<Option> out = new ArrayList<>();
    out.add(new Option("daily", "Every day", chosen.equals("daily")));
    out.add(new Option("weekdays", "Weekdays (Monday to Friday)", chosen.equals("weekdays")));
    for (DayOfWeek d : DayOfWeek.values()) {
      String v = Frequency.weekly(d).toString();
      out.add(new Option(v, "Weekly, on " + d.getDisplayName(TextStyle.FULL, Locale.ENGLISH) + "s", chosen.equals(v)));
    }
    return out;
  }
}
