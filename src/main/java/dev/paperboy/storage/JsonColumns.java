package dev.paperboy.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * Lists and maps kept as JSON text in one column: the same on H2 and PostgreSQL, and the stores never
 * query inside them. A value that does not read back is corruption, named with its table.
 */
public final class JsonColumns {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> VALUES = new TypeReference<>() {};

  private JsonColumns() {}

  public static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static List<String> strings(String json, String table) {
    return read(json, STRINGS, table);
  }

  public static Map<String, String> values(String json, String table) {
    return read(json, VALUES, table);
  }

  private static <T> T read(String json, TypeReference<T> type, String table) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt JSON in " + table + ": " + json, e);
    }
  }
}
