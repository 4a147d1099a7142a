package dev.paperboy.select;

import dev.paperboy.config.ConfigException;
import dev.paperboy.config.Location;
import dev.paperboy.config.Problem;
import dev.paperboy.config.YamlDocument;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The topic file ({@code config/topics.yaml}): shared defaults, named topics and the subscribers the
 * operator manages by hand. {@link #load} is the one way to read it: it validates everything and
 * either returns a usable file (with its warnings) or throws a {@link ConfigException} listing every
 * problem as {@code FILE:LINE:COLUMN: message}. A command must never send on a file that does not load.
 *
 * <p>Shape (see {@code config/topics.example.yaml}):
 *
 * <pre>
 * defaults: {timezone: UTC, send_at: "08:00", frequency: daily, max_papers: 10, send_empty: false}
 * topics:
 *   diffusion: {title: Diffusion models, query: 'diffusion OR "score-based"'}
 *   like-radd: {title: Papers like RADD, like: ["2406.03736"]}
 * subscribers:
 *   - email: ada@example.org
 *     topics: [diffusion, {title: Mamba, query: mamba}]
 *     exclude: astrophysics
 *     paused: false
 * </pre>
 */
public final class TopicFile {
  private final String file;
  private final Defaults defaults;
  private final Map<String, Topic> topics;
  private final List<Entry> entries;
  private final List<Problem> warnings;

  TopicFile(String file, Defaults defaults, Map<String, Topic> topics, List<Entry> entries, List<Problem> warnings) {
    this.file = file;
    this.defaults = defaults;
    this.topics = topics;
    this.entries = List.copyOf(entries);
    this.warnings = List.copyOf(warnings);
  }

  /**
   * Reads and validates a topic file.
   *
   * @param catalog where {@code like:} entries are looked up; one that is not found is a warning.
   *                {@link PaperLookup#NONE} skips that check.
   * @throws ConfigException with every problem (warnings included) when there is any error
   */
  public static TopicFile load(Path path, PaperLookup catalog) {
    YamlDocument doc = YamlDocument.read(path);
    return new TopicFileReader(doc, catalog).read();
  }

  /** As {@link #load}, from text; {@code file} names it in messages. */
  public static TopicFile parse(String file, String text, PaperLookup catalog) {
    return new TopicFileReader(YamlDocument.parse(file, text), catalog).read();
  }

  /** The file's name as given, as used in messages. */
  public String file() {
    return file;
  }

  /** The settings a subscriber has unless they say otherwise. */
  public Defaults defaults() {
    return defaults;
  }

  /** The named topics under {@code topics:}, in file order. */
  public Map<String, Topic> topics() {
    return topics;
  }

  public Optional<Topic> topic(String name) {
    return Optional.ofNullable(topics.get(name));
  }

  /** Every subscriber of the file, paused or not, in file order; ids are null (the store assigns them). */
  public List<Entry> entries() {
    return entries;
  }

  /** Whether the file lists this address (as it is compared: see {@link StoredSubscriber#emailKey}), paused or not. */
  public boolean lists(String email) {
    String key = StoredSubscriber.emailKey(email);
    return entries.stream().anyMatch(e -> e.subscriber().emailKey().equals(key));
  }

  /** Every subscriber of the file, paused ones included. */
  public List<Subscriber> subscribers() {
    return entries.stream().map(Entry::subscriber).toList();
  }

  /** Doubtful things that do not stop the file from being used, such as a {@code like:} paper not in the catalog. */
  public List<Problem> warnings() {
    return warnings;
  }

  /**
   * One subscriber of the file.
   *
   * @param paused   {@code paused: true}: kept, but sent nothing until unpaused
   * @param location where the entry starts, for messages
   */
  public record Entry(Subscriber subscriber, boolean paused, Location location) {}

  /** The {@code defaults:} section, completed with the built-in defaults. */
  public record Defaults(
      ZoneId timezone, LocalTime sendAt, Frequency frequency, int maxPapers, boolean sendEmpty, String exclude) {

    public static final Defaults BUILT_IN =
        new Defaults(ZoneId.of("UTC"), LocalTime.of(8, 0), Frequency.DAILY, 10, false, null);
  }
}
