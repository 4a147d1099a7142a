package dev.paperboy.select;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paperboy.config.ConfigException;
import dev.paperboy.config.Problem;
import dev.paperboy.config.YamlDocument;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A web subscriber's preferences as stored in {@code subscriber.prefs}: JSON shaped like one entry of
 * the topic file's {@code subscribers:} list without {@code email}, {@code name} and {@code paused}:
 *
 * <pre>
 * {"topics": ["diffusion", {"title": "Mamba", "query": "mamba"}], "exclude": "astrophysics",
 *  "timezone": "Europe/London", "send_at": "07:30", "frequency": "weekly:MON", "max_papers": 8,
 *  "send_empty": false}
 * </pre>
 *
 * Topic names refer to the topic file's {@code topics:}; every key but {@code topics} may be left out
 * to take the file's defaults. They are read with the same validation as the topic file.
 */
public final class Prefs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Prefs() {}

  /** The JSON to store for a subscriber; named topics are written by name, others inline. */
  public static String write(Subscriber s, TopicFile file) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode topics = o.putArray("topics");
    for (Topic t : s.topics()) {
      if (file.topics().get(t.key()) != null && file.topics().get(t.key()).equals(t)) {
        topics.add(t.key());
      } else {
        ObjectNode inline = topics.addObject();
        inline.put("title", t.title());
        if (t.query() != null) inline.put("query", t.query());
        if (!t.like().isEmpty()) t.like().forEach(inline.putArray("like")::add);
      }
    }
    if (s.exclude() != null) o.put("exclude", s.exclude());
    o.put("timezone", s.timezone().getId());
    o.put("send_at", s.sendAt().toString());
    o.put("frequency", s.frequency().toString());
    o.put("max_papers", s.maxPapers());
    o.put("send_empty", s.sendEmpty());
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads stored preferences. Topic names the file no longer defines are left out (a warning); when
   * nothing usable is left, or the JSON is broken, the result has no subscriber and says why.
   *
   * @param source names the preferences in messages, e.g. "subscriber 3fq... prefs"
   */
  public static Result read(String source, String json, TopicFile file, String id, String email, String name) {
    // Stored preferences are JSON: read them with the JSON parser, and with the YAML one (whose
    // locations the messages use) only when something is to be reported.
    YamlDocument fast = json == null ? null : YamlDocument.parseJsonOrNull(source, json);
    if (fast != null && fast.problems().isEmpty()) {
      TopicFileReader reader = new TopicFileReader(fast, file);
      Optional<Subscriber> s = reader.readPreferences(id, email, name);
      if (reader.problems().isEmpty()) return new Result(s, List.of());
    }
    YamlDocument doc;
    try {
      doc = YamlDocument.parse(source, json == null ? "" : json);
    } catch (ConfigException e) {
      return new Result(Optional.empty(), e.problems());
    }
    TopicFileReader reader = new TopicFileReader(doc, file);
    Optional<Subscriber> s = reader.readPreferences(id, email, name);
    return new Result(s, List.copyOf(reader.problems()));
  }

  /** A subscriber when the preferences are usable, and whatever was found doubtful or wrong. */
  public record Result(Optional<Subscriber> subscriber, List<Problem> problems) {}

  /** When someone wants their digest. */
  public record Delivery(ZoneId timezone, LocalTime sendAt, Frequency frequency) {}

  /**
   * The delivery time of stored preferences, also when {@link #read} finds them unusable: a subscriber
   * whose topics all left the topic file keeps their time, zone and frequency for when they choose new
   * topics. What is missing or wrong is the file's default; empty when the JSON cannot be read at all.
   */
  public static Optional<Delivery> delivery(String json, TopicFile file) {
    YamlDocument doc = json == null ? null : YamlDocument.parseJsonOrNull("prefs", json);
    return doc == null ? Optional.empty() : Optional.of(new TopicFileReader(doc, file).readDelivery());
  }

  /**
   * {@link #read} for many subscribers of one topic file, remembering preferences that read without
   * any problem: web subscribers share a few thousand distinct preference strings, and parsing each
   * one again (YAML with locations, validation) cost more than selecting their digest. Only the id,
   * address and name differ between subscribers of one string, and reading depends on nothing else.
   * Preferences with problems are read afresh every time, so each warning names its subscriber. Not
   * thread-safe.
   */
  public static final class Reader {
    static final int MAX_REMEMBERED = 10_000;
    private final TopicFile file;
    private final java.util.Map<String, Subscriber> clean = new java.util.HashMap<>();

    public Reader(TopicFile file) {
      this.file = file;
    }

    public Result read(String source, String json, String id, String email, String name) {
      if (json != null && email != null) {
        Subscriber t = clean.get(json);
        if (t != null) {
          return new Result(Optional.of(new Subscriber(id, email.strip(), name, t.topics(), t.exclude(), t.timezone(),
              t.sendAt(), t.frequency(), t.maxPapers(), t.sendEmpty(), t.origin())), List.of());
        }
      }
      Result r = Prefs.read(source, json, file, id, email, name);
      if (json != null && email != null && r.problems().isEmpty() && r.subscriber().isPresent()) {
        if (clean.size() >= MAX_REMEMBERED) clean.clear();
        clean.put(json, r.subscriber().get());
      }
      return r;
    }
  }
}
