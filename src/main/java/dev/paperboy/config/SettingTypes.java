package dev.paperboy.config;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds every setting's value on its own, to the type of its field in {@link PaperboyConfig}: binding
 * the whole tree at once stops at the first value of the wrong type, and one run is to report every
 * mistake. A value that does not bind is put back to its default in the tree, so that the whole tree
 * then binds and the meaning of the other values can be checked in the same run.
 */
final class SettingTypes {
  private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  /** A value that does not bind: its path ({@code smtp.port}, {@code ingest.sources[1]}) and what was expected. */
  record BadValue(String path, String reason) {}

  private final ObjectMapper mapper;

  SettingTypes(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * @param tree     defaults, file and environment merged; bad values in it are replaced by their defaults
   * @param defaults the built-in defaults, whose shape is the schema of what may be configured
   * @return every value that does not bind, in the order of the fields
   */
  List<BadValue> check(ObjectNode tree, ObjectNode defaults) {
    List<BadValue> bad = new ArrayList<>();
    check(PaperboyConfig.class, tree, defaults, "", bad);
    return bad;
  }

  private void check(Class<?> record, ObjectNode node, ObjectNode defaults, String path, List<BadValue> bad) {
    for (RecordComponent field : record.getRecordComponents()) {
      String key = SNAKE_CASE.translate(field.getName());
      JsonNode value = node.get(key);
      JsonNode fallback = defaults.get(key);
      if (fallback == null) continue; // not a setting (home)
      String at = YamlDocument.child(path, key);
      if (field.getType().isRecord()) {
        if (value instanceof ObjectNode section && fallback instanceof ObjectNode sectionDefaults) {
          check(field.getType(), section, sectionDefaults, at, bad);
        } else {
          node.set(key, fallback.deepCopy()); // the key check reported "expected a section of keys"
        }
        continue;
      }
      BadValue problem = bind(value, mapper.constructType(field.getGenericType()), at);
      if (problem != null) {
        bad.add(problem);
        node.set(key, fallback.deepCopy());
      }
    }
  }

  /** Null when the value binds to the type, else why not (naming the item of a list at fault). */
  private BadValue bind(JsonNode value, JavaType type, String path) {
    if (value == null || value.isNull()) {
      return new BadValue(path, "has no value (write " + (type.isCollectionLikeType() ? "[]" : "\"\"")
          + " for an empty one, or leave the key out for the default)");
    }
    try {
      mapper.treeToValue(value, type);
      return null;
    } catch (JsonMappingException e) {
      int item = index(e);
      if (value.isArray() && item >= 0 && value.has(item)) {
        return new BadValue(path + "[" + item + "]", expected(type.getContentType(), value.get(item), e));
      }
      return new BadValue(path, expected(type, value, e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the field takes, said the way a person writing YAML thinks of it. */
  private static String expected(JavaType type, JsonNode value, JsonMappingException e) {
    Class<?> raw = type.getRawClass();
    if (raw == Duration.class) return firstLine(e.getOriginalMessage()); // Durations says what a duration is
    if (type.isCollectionLikeType()) return "expected a list";
    if (value.isArray()) return "expected a single value, not a list";
    if (value.isObject()) return "expected a single value, not a section";
    if (raw == int.class || raw == long.class) return "expected a whole number";
    if (raw == double.class) return "expected a number";
    if (raw == boolean.class) return "expected true or false";
    if (raw == String.class) return "expected text, not " + value.asText() + " (put it in quotes)";
    return firstLine(e.getOriginalMessage());
  }

  /** The list item a binding failure is in, or -1. */
  private static int index(JsonMappingException e) {
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getIndex() >= 0) return r.getIndex();
    }
    return -1;
  }

  /** The path Jackson names in a binding failure, as {@code smtp.port} or {@code ingest.sources[1]}. */
  static String pathOf(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (sb.length() > 0) sb.append('.');
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  static String firstLine(String message) {
    if (message == null) return "cannot be read";
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
