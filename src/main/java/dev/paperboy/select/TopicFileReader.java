package dev.paperboy.select;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paperboy.config.ConfigException;
import dev.paperboy.config.Location;
import dev.paperboy.config.Problem;
import dev.paperboy.config.Suggestions;
import dev.paperboy.config.YamlDocument;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.search.Query;

/**
 * Validates a topic file (or a web subscriber's preferences, which have the shape of one subscriber
 * entry) and builds the model from it, collecting every problem rather than stopping at the first.
 */
final class TopicFileReader {
  static final List<String> TOP_KEYS = List.of("defaults", "topics", "subscribers");
  static final List<String> DEFAULT_KEYS = List.of("timezone", "send_at", "frequency", "max_papers", "send_empty", "exclude");
  static final List<String> TOPIC_KEYS = List.of("title", "query", "like");
  static final List<String> PREF_KEYS =
      List.of("topics", "exclude", "timezone", "send_at", "frequency", "max_papers", "send_empty");
  static final List<String> SUBSCRIBER_KEYS = concat(List.of("email", "name"), PREF_KEYS, List.of("paused"));
  private static final List<String> FREQUENCIES = List.of("daily", "weekdays", "weekly:MON");
  private static final Pattern TOPIC_NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_.-]*");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})");
  private static final Pattern CANNOT_PARSE = Pattern.compile("^Cannot parse '.*?': ", Pattern.DOTALL);
  private static final Pattern AT_COLUMN = Pattern.compile("at line (\\d+), column (\\d+)");

  private final YamlDocument doc;
  private final PaperLookup catalog;
  private final List<Problem> problems = new ArrayList<>();
  private final Map<String, Boolean> likeFound = new HashMap<>();
  private TopicFile.Defaults defaults = TopicFile.Defaults.BUILT_IN;
  private Map<String, Topic> named = new LinkedHashMap<>();
  /** Topics defined but invalid: their own error is reported; using them is not another one. */
  private final Set<String> broken = new HashSet<>();
  private boolean hasTopicsSection;

  TopicFileReader(YamlDocument doc, PaperLookup catalog) {
    this.doc = doc;
    this.catalog = catalog;
  }

  /** For preferences: the topics and defaults come from an already loaded topic file. */
  TopicFileReader(YamlDocument doc, TopicFile context) {
    this(doc, PaperLookup.NONE);
    this.defaults = context.defaults();
    this.named = context.topics();
    this.hasTopicsSection = true;
  }

  TopicFile read() {
    problems.addAll(doc.problems());
    JsonNode root = doc.root();
    checkKeys(root, "", TOP_KEYS);
    JsonNode d = root.get("defaults");
    if (present(d)) defaults = readDefaults(d);
    JsonNode t = root.get("topics");
    hasTopicsSection = present(t);
    if (present(t)) readTopics(t);
    List<TopicFile.Entry> entries = new ArrayList<>();
    JsonNode s = root.get("subscribers");
    if (present(s)) entries = readSubscribers(s);
    if (entries.isEmpty() && problems.stream().noneMatch(Problem::isError)) {
      problems.add(Problem.warning(present(s) ? doc.locate("subscribers") : Location.of(doc.file()),
          "no subscribers: nobody will get a digest from this file"));
    }
    problems.sort(Comparator.comparing((Problem p) -> p.location().file())
        .thenComparingInt(p -> p.location().line())
        .thenComparingInt(p -> p.location().column()));
    if (problems.stream().anyMatch(Problem::isError)) throw new ConfigException(problems);
    return new TopicFile(doc.file(), defaults, unmodifiable(named), entries, problems);
  }

  /**
   * Reads one web subscriber's preferences, whose document root is shaped like a subscriber entry
   * without email, name and paused. Topic names the file no longer has are dropped with a warning.
   *
   * @return the subscriber, or empty when the preferences are unusable; problems either way
   */
  Optional<Subscriber> readPreferences(String id, String email, String name) {
    problems.addAll(doc.problems());
    Subscriber s = readSubscriber(doc.root(), "", PREF_KEYS, true, id, email, name, Subscriber.Origin.WEB);
    if (problems.stream().anyMatch(Problem::isError)) return Optional.empty();
    return Optional.ofNullable(s);
  }

  /**
   * The delivery part of one web subscriber's preferences (see {@link #readPreferences}), read on its own
   * so that it survives their topics: what is missing or wrong is the file's default.
   */
  Prefs.Delivery readDelivery() {
    JsonNode root = doc.root();
    if (!root.isObject()) return new Prefs.Delivery(defaults.timezone(), defaults.sendAt(), defaults.frequency());
    return new Prefs.Delivery(zone(root, "timezone", defaults.timezone()), time(root, "send_at", defaults.sendAt()),
        frequency(root, "frequency", defaults.frequency()));
  }

  List<Problem> problems() {
    return problems;
  }

  private static Map<String, Topic> unmodifiable(Map<String, Topic> m) {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  // ---------------------------------------------------------------------------------------------
  // sections

  private TopicFile.Defaults readDefaults(JsonNode node) {
    if (!node.isObject()) {
      error("defaults", "expected a section of keys (" + String.join(", ", DEFAULT_KEYS) + ")");
      return TopicFile.Defaults.BUILT_IN;
    }
    checkKeys(node, "defaults", DEFAULT_KEYS);
    TopicFile.Defaults b = TopicFile.Defaults.BUILT_IN;
    ZoneId zone = zone(node, "defaults.timezone", b.timezone());
    LocalTime at = time(node, "defaults.send_at", b.sendAt());
    Frequency frequency = frequency(node, "defaults.frequency", b.frequency());
    int max = maxPapers(node, "defaults.max_papers", b.maxPapers());
    boolean empty = bool(node, "defaults.send_empty", b.sendEmpty());
    String exclude = query(node, "defaults.exclude", b.exclude());
    return new TopicFile.Defaults(zone, at, frequency, max, empty, exclude);
  }

  private void readTopics(JsonNode node) {
    if (!node.isObject()) {
      error("topics", "expected a section of named topics, e.g. 'diffusion: {title: ..., query: ...}'");
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String name = f.getKey();
      String path = YamlDocument.child("topics", name);
      if (!TOPIC_NAME.matcher(name).matches()) {
        problems.add(Problem.error(doc.locateKey(path), "topic name '" + name
            + "': use letters, digits, '-', '_' and '.' only, starting with a letter or digit"));
        continue;
      }
      Topic t = readTopic(f.getValue(), path, name);
      if (t != null) named.put(name, t);
      else broken.add(name);
    }
  }

  private List<TopicFile.Entry> readSubscribers(JsonNode node) {
    List<TopicFile.Entry> out = new ArrayList<>();
    if (!node.isArray()) {
      error("subscribers", "expected a list of subscribers, each starting with '- email: ...'");
      return out;
    }
    Map<String, Location> seen = new HashMap<>();
    for (int i = 0; i < node.size(); i++) {
      String path = YamlDocument.element("subscribers", i);
      JsonNode entry = node.get(i);
      if (!entry.isObject()) {
        error(path, "expected a subscriber (email:, topics: ...)");
        continue;
      }
      checkKeys(entry, path, SUBSCRIBER_KEYS);
      String email = email(entry, YamlDocument.child(path, "email"));
      String name = text(entry, YamlDocument.child(path, "name"), "");
      singleLine(name, YamlDocument.child(path, "name"));
      boolean paused = bool(entry, YamlDocument.child(path, "paused"), false);
      if (email != null) {
        String key = EmailAddress.key(email);
        Location first = seen.putIfAbsent(key, doc.locate(YamlDocument.child(path, "email")));
        if (first != null) {
          error(YamlDocument.child(path, "email"), "'" + email + "' is listed twice (first at line " + first.line()
              + "; addresses are compared without regard to case)");
          email = null;
        }
      }
      Subscriber s = readSubscriber(entry, path, PREF_KEYS, false, null, email, name, Subscriber.Origin.FILE);
      if (s != null) out.add(new TopicFile.Entry(s, paused, doc.locate(path)));
    }
    return out;
  }

  /** The preferences part of a subscriber; null when something required is missing or wrong. */
  private Subscriber readSubscriber(JsonNode entry, String path, List<String> keys, boolean lenientTopics, String id,
      String email, String name, Subscriber.Origin origin) {
    if (!entry.isObject()) {
      error(path, "expected a section of keys (" + String.join(", ", keys) + ")");
      return null;
    }
    if (origin == Subscriber.Origin.WEB) checkKeys(entry, path, keys);
    List<Topic> topics = topics(entry, YamlDocument.child(path, "topics"), lenientTopics);
    String exclude = query(entry, YamlDocument.child(path, "exclude"), defaults.exclude());
    ZoneId zone = zone(entry, YamlDocument.child(path, "timezone"), defaults.timezone());
    LocalTime at = time(entry, YamlDocument.child(path, "send_at"), defaults.sendAt());
    Frequency frequency = frequency(entry, YamlDocument.child(path, "frequency"), defaults.frequency());
    int max = maxPapers(entry, YamlDocument.child(path, "max_papers"), defaults.maxPapers());
    boolean empty = bool(entry, YamlDocument.child(path, "send_empty"), defaults.sendEmpty());
    if (email == null || topics == null || topics.isEmpty()) return null;
    return new Subscriber(id, email.strip(), name, topics, exclude, zone, at, frequency, max, empty, origin);
  }

  // ---------------------------------------------------------------------------------------------
  // topics

  private List<Topic> topics(JsonNode entry, String path, boolean lenient) {
    JsonNode node = entry.get(leaf(path));
    if (!present(node)) {
      error(path, "is required: a list of topic names"
          + (named.isEmpty() ? "" : " (" + String.join(", ", named.keySet()) + ")") + " or inline {title:, query:} topics");
      return null;
    }
    if (node.isTextual() || node.isObject()) {
      error(path, "expected a list, e.g. [" + (node.isTextual() ? node.asText() : "{title: ..., query: ...}") + "]");
      return null;
    }
    if (!node.isArray() || node.isEmpty()) {
      error(path, "expected a non-empty list of topic names or inline topics");
      return null;
    }
    Map<String, Topic> out = new LinkedHashMap<>();
    boolean failed = false;
    for (int i = 0; i < node.size(); i++) {
      String p = YamlDocument.element(path, i);
      JsonNode item = node.get(i);
      Topic t = null;
      if (item.isTextual()) {
        String name = item.asText().strip();
        t = named.get(name);
        if (t == null && broken.contains(name)) {
          failed = true;
          continue;
        }
        if (t == null) {
          Set<String> known = new HashSet<>(named.keySet());
          known.addAll(broken);
          String message = "unknown topic '" + name + "'" + Suggestions.didYouMean(name, known)
              + (hasTopicsSection ? "" : ": there is no topics: section");
          if (lenient) {
            problems.add(Problem.warning(doc.locate(p), message + "; left out"));
            continue;
          }
          error(p, message);
          failed = true;
          continue;
        }
      } else if (item.isObject()) {
        t = readTopic(item, p, null);
        if (t == null) {
          failed = true;
          continue;
        }
      } else {
        error(p, "expected a topic name or an inline {title:, query:} topic");
        failed = true;
        continue;
      }
      if (out.putIfAbsent(t.key(), t) != null) {
        problems.add(Problem.warning(doc.locate(p), "topic '" + t.title() + "' is listed twice; once is enough"));
      }
    }
    if (lenient && out.isEmpty() && !failed) {
      error(path, "none of these topics exists any more");
      return null;
    }
    return failed ? null : new ArrayList<>(out.values());
  }

  /** A named ({@code name} given) or inline topic; null when invalid. */
  private Topic readTopic(JsonNode node, String path, String name) {
    if (!node.isObject()) {
      error(path, "expected a topic: {title: ..., query: ...} or {title: ..., like: [...]}");
      return null;
    }
    checkKeys(node, path, TOPIC_KEYS);
    int before = errorCount();
    String title = text(node, YamlDocument.child(path, "title"), null);
    String query = query(node, YamlDocument.child(path, "query"), null);
    List<String> like = like(node, YamlDocument.child(path, "like"));
    boolean hasQuery = present(node.get("query"));
    boolean hasLike = present(node.get("like"));
    if (!hasQuery && !hasLike) {
      error(path, "a topic needs a query: (words to search for) or a like: list (papers to find more like)");
      return null;
    }
    if (title != null && title.isBlank()) {
      error(YamlDocument.child(path, "title"), "must not be empty");
    } else if (title != null) {
      singleLine(title, YamlDocument.child(path, "title"));
    }
    if (errorCount() > before) return null;
    if (title == null) {
      // a query may span lines (a YAML block scalar); a title made from it may not
      title = SPACES.matcher(name != null ? name : query != null ? query : "Papers like " + like.get(0)).replaceAll(" ");
    }
    String key = name != null ? name : inlineKey(title, query, like);
    return new Topic(key, title.strip(), query, like);
  }

  /** Equal inline topics get equal keys, so that subscribers who share one share its matching work. */
  static String inlineKey(String title, String query, List<String> like) {
    StringBuilder sb = new StringBuilder(title.strip()).append('\u0000');
    if (query != null) sb.append(QueryLanguage.key(query));
    for (String l : like) sb.append('\u0000').append(l.strip());
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return "~" + HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> like(JsonNode node, String path) {
    JsonNode v = node.get(leaf(path));
    if (!present(v)) return List.of();
    List<JsonNode> items = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    if (v.isTextual()) {
      items.add(v);
      paths.add(path);
    } else if (v.isArray()) {
      for (int i = 0; i < v.size(); i++) {
        items.add(v.get(i));
        paths.add(YamlDocument.element(path, i));
      }
    } else {
      error(path, "expected a list of arXiv ids or paper titles");
      return List.of();
    }
    if (items.isEmpty()) {
      error(path, "expected at least one arXiv id or paper title");
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      if (!item.isTextual() && !item.isNumber()) {
        error(paths.get(i), "expected an arXiv id or a paper title");
        continue;
      }
      String ref = item.asText().strip();
      if (ref.isEmpty()) {
        error(paths.get(i), "must not be empty");
        continue;
      }
      if (item.isNumber()) {
        error(paths.get(i), "write arXiv ids in quotes, e.g. \"" + ref + "\" (YAML reads " + ref + " as a number)");
        continue;
      }
      out.add(ref);
      if (catalog.available()) {
        boolean found = likeFound.computeIfAbsent(ref, r -> catalog.find(r).isPresent());
        if (!found && catalog.available()) { // a catalog that failed to open says so, and checks nothing
          problems.add(Problem.warning(doc.locate(paths.get(i)), "'" + ref + "' is not in the catalog (yet); "
              + "this entry is ignored until a listing brings it"));
        }
      }
    }
    return List.copyOf(out);
  }

  // ---------------------------------------------------------------------------------------------
  // values

  private String query(JsonNode node, String path, String fallback) {
    JsonNode v = node.get(leaf(path));
    if (!present(v)) return fallback;
    String text = scalarText(v, path);
    if (text == null) return fallback;
    if (text.isBlank()) {
      error(path, "must not be empty");
      return fallback;
    }
    if (CLEAN_QUERIES.containsKey(text)) return text.strip();
    Query parsed;
    try {
      parsed = QueryLanguage.parse(text);
    } catch (ParseException | RuntimeException e) {
      error(path, "not a valid query: " + describe(e));
      return fallback;
    }
    List<String> unknown = QueryLanguage.unknownFields(parsed);
    for (String f : unknown) {
      error(path, "unknown field '" + f + ":' in the query" + Suggestions.didYouMean(f, QueryLanguage.FIELDS)
          + "; fields are " + String.join(", ", QueryLanguage.FIELDS));
    }
    if (!unknown.isEmpty()) return fallback;
    String nothing = QueryLanguage.matchesNothing(parsed);
    if (nothing != null) problems.add(Problem.warning(doc.locate(path), "this query matches nothing: " + nothing));
    else if (CLEAN_QUERIES.size() < MAX_CLEAN_QUERIES) CLEAN_QUERIES.put(text, Boolean.TRUE);
    return text.strip();
  }

  /**
   * Query texts that parsed without any error or warning: reading the stored preferences of every web
   * subscriber parsed the same few thousand excludes and own queries again and again. Whether a text
   * is clean depends on the text alone.
   */
  private static final Map<String, Boolean> CLEAN_QUERIES = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_CLEAN_QUERIES = 50_000;

  /** Lucene's message without the echo of the query, with its column made clear. */
  static String describe(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    m = CANNOT_PARSE.matcher(m).replaceFirst("");
    int nl = m.indexOf('\n');
    if (nl >= 0) m = m.substring(0, nl);
    m = m.strip();
    Matcher at = AT_COLUMN.matcher(m);
    if (at.find()) {
      m = at.replaceFirst("at column " + at.group(2) + (at.group(1).equals("1") ? "" : " of line " + at.group(1))
          + " of the query");
    }
    if (m.endsWith(".")) m = m.substring(0, m.length() - 1);
    return m;
  }

  private String email(JsonNode entry, String path) {
    JsonNode v = entry.get("email");
    if (!present(v)) {
      if (v == null) error(parentOf(path), "email: is required");
      else error(path, "is required");
      return null;
    }
    String value = scalarText(v, path);
    if (value == null) return null;
    value = value.strip();
    if (value.isEmpty()) {
      error(path, "is required");
      return null;
    }
    // the web sign-up's rules: one spelling per mailbox, nothing Paperboy cannot send to
    EmailAddress.Check c = EmailAddress.check(value);
    if (!c.ok()) {
      String why = c.problem().substring(0, 1).toLowerCase(Locale.ROOT)
          + c.problem().substring(1).replaceFirst("\\.$", "");
      error(path, "'" + value + "' is not an email address Paperboy sends to: " + why);
      return null;
    }
    return c.address().toString();
  }

  private ZoneId zone(JsonNode node, String path, ZoneId fallback) {
    JsonNode v = node.get(leaf(path));
    if (!present(v)) return fallback;
    String text = scalarText(v, path);
    if (text == null) return fallback;
    try {
      return ZoneId.of(text.strip());
    } catch (DateTimeException e) {
      error(path, "'" + text + "' is not a time zone (e.g. UTC, Europe/London, America/New_York)"
          + Suggestions.didYouMean(text.strip(), ZoneId.getAvailableZoneIds()));
      return fallback;
    }
  }

  private LocalTime time(JsonNode node, String path, LocalTime fallback) {
    JsonNode v = node.get(leaf(path));
    if (!present(v)) return fallback;
    if (v.isNumber()) {
      error(path, "write the time as \"HH:MM\" in quotes, e.g. \"07:30\"");
      return fallback;
    }
    String text = scalarText(v, path);
    if (text == null) return fallback;
    Matcher m = TIME.matcher(text.strip());
    if (m.matches()) {
      int h = Integer.parseInt(m.group(1));
      int min = Integer.parseInt(m.group(2));
      if (h <= 23 && min <= 59) return LocalTime.of(h, min);
    }
    error(path, "'" + text + "' is not a time of day: write HH:MM from 00:00 to 23:59, e.g. \"07:30\"");
    return fallback;
  }

  private Frequency frequency(JsonNode node, String path, Frequency fallback) {
    JsonNode v = node.get(leaf(path));
    if (!present(v)) return fallback;
    String text = scalarText(v, path);
    if (text == null) return fallback;
    Optional<Frequency> f = Frequency.parse(text);
    if (f.isPresent()) return f.get();
    error(path, "'" + text + "' is not a frequency: write daily, weekdays or weekly:DAY (e.g. weekly:MON)"
        + Suggestions.didYouMean(text.strip(), FREQUENCIES));
    return fallback;
  }

  private int maxPapers(JsonNode node, String path, int fallback) {
    JsonNode v = node.get(leaf(path));
    if (!present(v)) return fallback;
    if (!v.isIntegralNumber()) {
      error(path, "expected a whole number from 1 to " + Subscriber.MAX_PAPERS);
      return fallback;
    }
    long n = v.asLong();
    if (!v.canConvertToLong() || n < 1 || n > Subscriber.MAX_PAPERS) {
      error(path, v.asText() + " is out of range: a digest holds 1 to " + Subscriber.MAX_PAPERS + " papers");
      return fallback;
    }
    return (int) n;
  }

  private boolean bool(JsonNode node, String path, boolean fallback) {
    JsonNode v = node.get(leaf(path));
    if (!present(v)) return fallback;
    if (!v.isBoolean()) {
      error(path, "expected true or false");
      return fallback;
    }
    return v.booleanValue();
  }

  private String text(JsonNode node, String path, String fallback) {
    JsonNode v = node.get(leaf(path));
    if (!present(v)) return fallback;
    String t = scalarText(v, path);
    return t == null ? fallback : t;
  }

  /** The text of a scalar (a number or date is taken as written); null, with an error, for anything else. */
  private String scalarText(JsonNode v, String path) {
    if (v.isTextual() || v.isNumber()) return v.asText();
    error(path, v.isBoolean() ? "expected text, not " + v.asText() : "expected a single value, not a "
        + (v.isArray() ? "list" : "section"));
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  private void checkKeys(JsonNode node, String path, List<String> allowed) {
    if (!node.isObject()) return;
    node.fieldNames().forEachRemaining(name -> {
      if (!allowed.contains(name)) {
        String childPath = YamlDocument.child(path, name);
        problems.add(Problem.error(doc.locateKey(childPath), "unknown key '" + name + "'"
            + (path.isEmpty() ? "" : " in " + path) + Suggestions.didYouMean(name, allowed)
            + (Suggestions.closest(name, allowed).isPresent() ? "" : "; expected one of " + String.join(", ", allowed))));
      }
    });
  }

  /**
   * Names and topic titles reach the Subject header and the digest's HTML: a line break there would
   * split the header (or start a new one) and break the layout, so it is refused where it is written.
   */
  private void singleLine(String value, String path) {
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) error(path, "must be a single line");
  }

  private void error(String path, String message) {
    Location at = doc.locate(path);
    problems.add(Problem.error(at, (path.isEmpty() ? "" : path + ": ") + message));
  }

  private int errorCount() {
    return (int) problems.stream().filter(Problem::isError).count();
  }

  private static boolean present(JsonNode n) {
    return n != null && !n.isNull() && !n.isMissingNode();
  }

  private static String leaf(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }

  private static String parentOf(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(0, dot);
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    List<String> out = new ArrayList<>();
    for (List<String> l : lists) out.addAll(l);
    return List.copyOf(out);
  }
}
