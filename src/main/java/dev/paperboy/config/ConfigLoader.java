package dev.paperboy.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link PaperboyConfig}: the built-in defaults, then the user's YAML file, then
 * {@code PAPERBOY_*} environment variables (so secrets need not be written down). Every problem is
 * reported with the file, line and column it comes from, or the environment variable that set it.
 */
public final class ConfigLoader {
  private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);
  public static final String ENV_PREFIX = "PAPERBOY_";
  /**
   * Environment variables with a meaning of their own, not configuration paths: the launcher's
   * (PAPERBOY_JAVA_OPTS, PAPERBOY_PRINT_COMMAND) and the test suite's, which CI exports to every
   * process it starts.
   */
  private static final List<String> RESERVED_ENV = List.of("PAPERBOY_HOME", "PAPERBOY_CONFIG", "PAPERBOY_JAVA_OPTS",
      "PAPERBOY_PRINT_COMMAND", "PAPERBOY_REQUIRE_BROWSER", "PAPERBOY_SCREENSHOTS");

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT) // "senders: 2.5" is a mistake, not 2
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .addModule(new SimpleModule().addDeserializer(Duration.class, new DurationDeserializer()))
      .build();

  private final Map<String, String> env;
  private final Path home;

  public ConfigLoader(Map<String, String> env, Path home) {
    this.env = Map.copyOf(env);
    this.home = home.toAbsolutePath().normalize();
  }

  /** The loader for this process: the real environment, home from PAPERBOY_HOME or the working directory. */
  public static ConfigLoader fromEnvironment() {
    Map<String, String> env = System.getenv();
    String home = env.getOrDefault("PAPERBOY_HOME", "");
    return new ConfigLoader(env, Path.of(home.isBlank() ? "" : home));
  }

  public Path home() {
    return home;
  }

  /**
   * {@link #load(Path, boolean, Consumer)} that logs the warnings: for callers with no stream of their own.
   */
  public PaperboyConfig load(Path file, boolean required) {
    return load(file, required, warning -> log.warn("{}", warning));
  }

  /**
   * Reports every problem of the file and the environment in one go: unknown keys, values of the wrong
   * type and values that make no sense, each once, in the order of the file.
   *
   * @param file     the user's file; when null or (with {@code required} false) absent, defaults alone apply
   * @param required whether a missing file is an error (true when the user named it with --config)
   * @param warnings gets each warning (such as an environment variable that is no setting) when the
   *                 configuration is usable; with errors, the {@link ConfigException} carries them too
   */
  public PaperboyConfig load(Path file, boolean required, Consumer<Problem> warnings) {
    ObjectNode defaults = defaults();
    ObjectNode tree = defaults.deepCopy();
    YamlDocument user = null;
    if (file != null && (required || Files.exists(file))) {
      user = YamlDocument.read(file);
    }
    List<Problem> problems = new ArrayList<>();
    Sources sources = new Sources(user);
    if (user != null) {
      problems.addAll(user.problems());
      checkKeys(user.root(), tree, "", user, problems);
      merge(tree, user.root());
    }
    applyEnvironment(tree, sources, problems);
    tree.put("home", home.toString());
    List<String> badPaths = new ArrayList<>();
    for (SettingTypes.BadValue bad : new SettingTypes(MAPPER).check(tree, defaults)) {
      problems.add(Problem.error(sources.locate(bad.path()), bad.path() + ": " + bad.reason()));
      badPaths.add(bad.path());
    }
    PaperboyConfig config;
    try {
      config = MAPPER.treeToValue(tree, PaperboyConfig.class);
    } catch (JsonMappingException e) {
      // every value was bound on its own just now, and the bad ones put back to their defaults
      String path = SettingTypes.pathOf(e);
      problems.add(Problem.error(sources.locate(path), path + ": " + SettingTypes.firstLine(e.getOriginalMessage())));
      throw new ConfigException(inFileOrder(problems));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Problem p : new ConfigValidator(sources).validate(config)) {
      // a bad value was checked as its default: what the check says of that is no news to the user
      if (badPaths.stream().noneMatch(bad -> p.message().startsWith(bad + ": "))) problems.add(p);
    }
    if (problems.stream().anyMatch(Problem::isError)) throw new ConfigException(inFileOrder(problems));
    inFileOrder(problems).forEach(warnings);
    return config;
  }

  private static List<Problem> inFileOrder(List<Problem> problems) {
    List<Problem> sorted = new ArrayList<>(problems);
    sorted.sort(Comparator.comparing((Problem p) -> p.location().file())
        .thenComparingInt(p -> p.location().line())
        .thenComparingInt(p -> p.location().column()));
    return sorted;
  }

  /** The built-in defaults as a tree; its shape is also the schema of what may be configured. */
  static ObjectNode defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream("defaults.yaml")) {
      if (in == null) throw new IllegalStateException("defaults.yaml missing from the classpath");
      return YamlDocument.parse("defaults.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8)).root();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void checkKeys(JsonNode given, JsonNode schema, String path, YamlDocument doc, List<Problem> problems) {
    if (!given.isObject() || !schema.isObject()) return;
    Iterator<Map.Entry<String, JsonNode>> fields = given.fields();
    List<String> known = new ArrayList<>();
    schema.fieldNames().forEachRemaining(known::add);
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String childPath = YamlDocument.child(path, f.getKey());
      JsonNode expected = schema.get(f.getKey());
      if (expected == null) {
        problems.add(Problem.error(doc.locateKey(childPath),
            "unknown key '" + childPath + "'" + Suggestions.didYouMean(f.getKey(), known)));
      } else if (expected.isObject() && !f.getValue().isObject() && !f.getValue().isNull()) {
        problems.add(Problem.error(doc.locate(childPath), childPath + ": expected a section of keys"));
      } else {
        checkKeys(f.getValue(), expected, childPath, doc, problems);
      }
    }
  }

  /** Unknown keys are left out: {@link #checkKeys} reports them, and binding would stop at them. */
  private static void merge(ObjectNode into, JsonNode from) {
    from.fields().forEachRemaining(f -> {
      JsonNode current = into.get(f.getKey());
      if (current == null) {
        // unknown: reported with a suggestion by checkKeys
      } else if (current.isObject() && f.getValue().isObject()) {
        merge((ObjectNode) current, f.getValue());
      } else if (current.isObject() && f.getValue().isNull()) {
        // "section:" with nothing under it keeps the defaults
      } else {
        into.set(f.getKey(), f.getValue());
      }
    });
  }

  private void applyEnvironment(ObjectNode tree, Sources sources, List<Problem> problems) {
    Map<String, String> leaves = new HashMap<>();
    collectLeaves(defaults(), "", leaves);
    for (Map.Entry<String, String> e : env.entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(ENV_PREFIX) || RESERVED_ENV.contains(name)) continue;
      String path = leaves.get(name);
      if (path == null) {
        problems.add(Problem.warning(Location.of("environment " + name),
            "not a configuration setting; ignored" + Suggestions.didYouMean(name, leaves.keySet())));
        continue;
      }
      set(tree, path, e.getValue());
      sources.fromEnvironment(path, name);
    }
  }

  private static void collectLeaves(JsonNode node, String path, Map<String, String> out) {
    node.fields().forEachRemaining(f -> {
      String p = YamlDocument.child(path, f.getKey());
      if (f.getValue().isObject()) collectLeaves(f.getValue(), p, out);
      else out.put(envName(p), p);
    });
  }

  /** {@code storage.url} becomes {@code PAPERBOY_STORAGE_URL}. */
  public static String envName(String path) {
    return ENV_PREFIX + path.replace('.', '_').toUpperCase(Locale.ROOT);
  }

  private static void set(ObjectNode tree, String path, String value) {
    String[] parts = path.split("\\.");
    ObjectNode node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode next = node.get(parts[i]);
      if (!(next instanceof ObjectNode)) {
        next = node.putObject(parts[i]);
      }
      node = (ObjectNode) next;
    }
    String leaf = parts[parts.length - 1];
    JsonNode current = node.get(leaf);
    if (current != null && current.isArray()) {
      ArrayNode list = JsonNodeFactory.instance.arrayNode();
      for (String item : value.split(",")) {
        if (!item.isBlank()) list.add(item.strip());
      }
      node.set(leaf, list);
    } else if (current != null && current.isNumber()) {
      node.set(leaf, number(value));
    } else if (current != null && current.isBoolean()) {
      node.set(leaf, bool(value));
    } else {
      node.put(leaf, value);
    }
  }

  private static JsonNode number(String value) {
    String v = value.strip();
    try {
      return v.contains(".") ? JsonNodeFactory.instance.numberNode(Double.parseDouble(v))
          : JsonNodeFactory.instance.numberNode(Long.parseLong(v));
    } catch (NumberFormatException e) {
      return JsonNodeFactory.instance.textNode(value); // binding reports it with the variable's name
    }
  }

  private static JsonNode bool(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> JsonNodeFactory.instance.booleanNode(true);
      case "false", "no", "off", "0" -> JsonNodeFactory.instance.booleanNode(false);
      default -> JsonNodeFactory.instance.textNode(value);
    };
  }

  /** Remembers where each value came from: the user's file or an environment variable. */
  static final class Sources {
    private final YamlDocument user;
    private final Map<String, String> fromEnv = new HashMap<>();

    Sources(YamlDocument user) {
      this.user = user;
    }

    void fromEnvironment(String path, String variable) {
      fromEnv.put(path, variable);
    }

    Location locate(String path) {
      String variable = fromEnv.get(path);
      if (variable != null) return Location.of("environment " + variable);
      if (user == null) return Location.of("built-in defaults");
      return user.locate(path);
    }
  }

  private static final class DurationDeserializer extends StdScalarDeserializer<Duration> {
    DurationDeserializer() {
      super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text = p.getValueAsString("");
      try {
        return Durations.parse(text);
      } catch (IllegalArgumentException e) {
        throw InvalidFormatException.from(p, e.getMessage(), text, Duration.class);
      }
    }
  }
}
