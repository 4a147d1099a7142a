package dev.paperboy.deliver;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Caches that keep the entries used most recently: a popular entry stays while one-off ones pass through. */
public final class RecentlyUsed {
  private RecentlyUsed() {}

  /** A map in access order that drops its least recently used entry beyond {@code capacity}; not thread-safe. */
  public static <K, V> Map<K, V> map(int capacity) {
    return new LinkedHashMap<>(capacity * 2, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }

  /** {@link #map}, for several threads: each call holds the map's lock. */
  public static <K, V> Map<K, V> synchronizedMap(int capacity) {
    return Collections.synchronizedMap(map(capacity));
  }
}
