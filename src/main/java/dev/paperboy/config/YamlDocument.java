package dev.paperboy.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML file read into a Jackson tree that remembers where every key and value came from, so that
 * anything found wrong later can be reported as {@code FILE:LINE:COLUMN}.
 *
 * <p>Paths are written {@code storage.url} and {@code subscribers[2].email}.
 */
public final class YamlDocument {
  private static final YAMLFactory YAML = YAMLFactory.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String file;
  private final ObjectNode root;
  private final Map<String, Location> keys;
  private final Map<String, Location> values;
  private final List<Problem> problems;

  private YamlDocument(
      String file, ObjectNode root, Map<String, Location> keys, Map<String, Location> values, List<Problem> problems) {
    this.file = file;
    this.root = root;
    this.keys = keys;
    this.values = values;
    this.problems = List.copyOf(problems);
  }

  /** Reads and parses a file; a missing or unreadable file, bad UTF-8 or bad YAML is a {@link ConfigException}. */
  public static YamlDocument read(Path path) {
    String name = path.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new ConfigException(Location.of(name), "file not found");
    } catch (IOException e) {
      throw new ConfigException(Location.of(name), "cannot read: " + e.getMessage());
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(Location.of(name), "not UTF-8 text");
    }
    return parse(name, text);
  }

  /** Parses YAML text; {@code file} names it in messages. A syntax error is a {@link ConfigException}. */
  public static YamlDocument parse(String file, String text) {
    Builder b = new Builder(file);
    try (JsonParser p = YAML.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null || first == JsonToken.VALUE_NULL) {
        return new YamlDocument(file, NODES.objectNode(), b.keys, b.values, b.problems);
      }
      JsonNode node = b.read(p, "");
      if (!node.isObject()) {
        throw new ConfigException(b.location(p.currentTokenLocation()), "expected a mapping of keys to values at the top level");
      }
      return new YamlDocument(file, (ObjectNode) node, b.keys, b.values, b.problems);
    } catch (JsonProcessingException e) {
      throw new ConfigException(b.location(e.getLocation()), "YAML syntax error: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final com.fasterxml.jackson.core.JsonFactory JSON = com.fasterxml.jackson.core.JsonFactory.builder().build();

  /**
   * Parses text that should be JSON (which is YAML too) with Jackson's JSON parser, several times
   * faster than the YAML one; null when it is not one complete JSON object, for the caller to
   * {@link #parse} it as YAML. The tree is the one {@link #parse} makes; locations are the JSON
   * parser's, so a caller that reports a problem should report it from {@link #parse}'s document.
   */
  public static YamlDocument parseJsonOrNull(String file, String text) {
    Builder b = new Builder(file);
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return null;
      JsonNode node = b.read(p, "");
      if (p.nextToken() != null || !node.isObject()) return null;
      return new YamlDocument(file, (ObjectNode) node, b.keys, b.values, b.problems);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String firstLine(String message) {
    if (message == null) return "unreadable";
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }

  public String file() {
    return file;
  }

  public ObjectNode root() {
    return root;
  }

  /** Problems found while reading that do not stop parsing, such as duplicate keys. */
  public List<Problem> problems() {
    return problems;
  }

  /** Where the key of {@code path} is written, else its value, else the nearest enclosing entry. */
  public Location locateKey(String path) {
    Location l = keys.get(path);
    return l != null ? l : locate(path);
  }

  /** Where the value of {@code path} starts, else the nearest enclosing entry. */
  public Location locate(String path) {
    String p = path;
    while (true) {
      Location l = values.get(p);
      if (l == null) l = keys.get(p);
      if (l != null) return l;
      if (p.isEmpty()) return Location.of(file);
      p = parent(p);
    }
  }

  static String parent(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut < 0 ? "" : path.substring(0, cut);
  }

  public static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public static String element(String path, int index) {
    return path + "[" + index + "]";
  }

  private static final class Builder {
    final String file;
    final Map<String, Location> keys = new HashMap<>();
    final Map<String, Location> values = new HashMap<>();
    final List<Problem> problems = new ArrayList<>();

    Builder(String file) {
      this.file = file;
    }

    Location location(JsonLocation l) {
      if (l == null || l.getLineNr() < 0) return Location.of(file);
      return new Location(file, l.getLineNr(), Math.max(l.getColumnNr(), 0));
    }

    JsonNode read(JsonParser p, String path) throws IOException {
      values.put(path, location(p.currentTokenLocation()));
      switch (p.currentToken()) {
        case START_OBJECT -> {
          ObjectNode object = NODES.objectNode();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String childPath = child(path, name);
            Location keyAt = location(p.currentTokenLocation());
            p.nextToken();
            JsonNode value = read(p, childPath);
            if (object.has(name)) {
              problems.add(Problem.error(keyAt, "duplicate key '" + name + "' (first at line " + keys.get(childPath).line() + ")"));
              continue;
            }
            keys.put(childPath, keyAt);
            object.set(name, value);
          }
          return object;
        }
        case START_ARRAY -> {
          ArrayNode array = NODES.arrayNode();
          int i = 0;
          while (p.nextToken() != JsonToken.END_ARRAY) {
            array.add(read(p, element(path, i++)));
          }
          return array;
        }
        case VALUE_STRING -> {
          return NODES.textNode(p.getText());
        }
        case VALUE_NUMBER_INT -> {
          return switch (p.getNumberType()) {
            case INT -> NODES.numberNode(p.getIntValue());
            case LONG -> NODES.numberNode(p.getLongValue());
            default -> NODES.numberNode(p.getBigIntegerValue());
          };
        }
        case VALUE_NUMBER_FLOAT -> {
          return NODES.numberNode(p.getDecimalValue());
        }
        case VALUE_TRUE, VALUE_FALSE -> {
          return NODES.booleanNode(p.getBooleanValue());
        }
        case VALUE_NULL -> {
          return NODES.nullNode();
        }
        default -> throw new ConfigException(location(p.currentTokenLocation()), "unsupported YAML content");
      }
    }
  }
}
