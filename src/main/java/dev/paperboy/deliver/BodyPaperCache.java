package dev.paperboy.deliver;

import dev.paperboy.select.PaperList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper lists of stored bodies, by body id, up to {@code capacity} bodies: when full, the oldest
 * quarter goes (ids grow with time, and history reads only recent digests). A stored body never
 * changes, so an entry never goes stale; history reads the same bodies for every subscriber that
 * shares them, and again the next day. Each list is one instance for as long as it is kept, which
 * selection relies on to look at it once.
 *
 * <p>Ids are kept in an open-addressing table of primitive longs: history looks up some 35 rows per
 * subscriber, and a boxed key per look-up was a good part of a composition's garbage.
 */
final class BodyPaperCache {
  /** The value of a body stored without a paper list: not a list, so no look-up can take it for one. */
  private static final Object NO_LIST = new Object();
  /** An empty slot: identities start at 1. */
  private static final long FREE = 0;

  private final int capacity;
  private long[] keys = new long[1024];
  private Object[] values = new Object[1024];
  private int size;
  /** One instance of each paper id, however many lists hold it (a day's papers are in thousands of them). */
  private final Map<String, String> ids = new HashMap<>();

  BodyPaperCache(int capacity) {
    this.capacity = capacity;
  }

  /** Whether the body's list (or that it has none) is known. */
  synchronized boolean has(long bodyId) {
    return values[slot(keys, bodyId)] != null;
  }

  /** The body's list; null when it is unknown or the body has none. */
  synchronized PaperList get(long bodyId) {
    Object v = values[slot(keys, bodyId)];
    return v instanceof PaperList list ? list : null;
  }

  /**
   * Remembers a body's list.
   *
   * @param paperIds null for a body stored without one
   * @return the list as kept (its ids shared with other lists), null for none
   */
  synchronized PaperList put(long bodyId, List<String> paperIds) {
    if (bodyId == FREE) throw new IllegalArgumentException("body id 0");
    PaperList list = null;
    if (paperIds != null) {
      if (ids.size() > 1_000_000) ids.clear(); // a bound that years of daily listings do not reach
      list = PaperList.of(paperIds.stream().map(id -> ids.computeIfAbsent(id, i -> i)).toList());
    }
    int slot = slot(keys, bodyId);
    if (values[slot] == null) {
      if (size >= capacity) {
        dropOldestQuarter();
      } else if (2 * (size + 1) > keys.length) {
        rehash(keys.length * 2, Long.MIN_VALUE);
      }
      slot = slot(keys, bodyId);
      size++;
    }
    keys[slot] = bodyId;
    values[slot] = list == null ? NO_LIST : list;
    return list;
  }

  synchronized int size() {
    return size;
  }

  private void dropOldestQuarter() {
    long[] kept = Arrays.stream(keys).filter(k -> k != FREE).sorted().toArray();
    rehash(keys.length, kept[kept.length / 4]);
  }

  /** A new table of {@code length} slots with the entries whose id is at least {@code from}. */
  private void rehash(int length, long from) {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[length];
    values = new Object[length];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] == FREE || oldKeys[i] < from) continue;
      int slot = slot(keys, oldKeys[i]);
      keys[slot] = oldKeys[i];
      values[slot] = oldValues[i];
      size++;
    }
  }

  /** The slot holding {@code id}, or the free one where it would go (linear probing; the table is never full). */
  private static int slot(long[] keys, long id) {
    int mask = keys.length - 1;
    int i = (int) ((id * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    while (keys[i] != FREE && keys[i] != id) i = (i + 1) & mask;
    return i;
  }
}
