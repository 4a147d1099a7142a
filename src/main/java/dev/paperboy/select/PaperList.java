package dev.paperboy.select;

import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The papers of one sent digest: a small read-only set, one instance shared by every subscriber who was
 * sent that digest. A selection run turns it into ordinals of its index once and keeps them here: a
 * map from list to ordinals cost a look-up per list and subscriber and a table as large as a month of
 * digests (~280,000 lists at 100k subscribers). The ordinals of the latest run stay until another run
 * asks; a run is known by a token of its own, so that nothing of a finished run is kept but them.
 */
public final class PaperList extends AbstractSet<String> {
  public static final PaperList EMPTY = new PaperList(new String[0]);

  private final String[] ids;
  private volatile Ordinals ordinals;

  private record Ordinals(Object run, int[] ords) {}

  private PaperList(String[] ids) {
    this.ids = ids;
  }

  /** The ids, each once, in their first order; the very instances given (callers intern them). */
  public static PaperList of(Collection<String> ids) {
    if (ids.isEmpty()) return EMPTY;
    String[] distinct = new LinkedHashSet<>(ids).toArray(new String[0]);
    return new PaperList(distinct);
  }

  @Override
  public boolean contains(Object o) {
    for (String id : ids) {
      if (id.equals(o)) return true;
    }
    return false;
  }

  @Override
  public int size() {
    return ids.length;
  }

  @Override
  public Iterator<String> iterator() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < ids.length;
      }

      @Override
      public String next() {
        if (next >= ids.length) throw new NoSuchElementException();
        return ids[next++];
      }
    };
  }

  /** This list's ordinals in {@code run}'s index: {@code compute}d the first time that run asks. */
  int[] ordinals(Object run, Function<PaperList, int[]> compute) {
    Ordinals o = ordinals;
    if (o != null && o.run() == run) return o.ords();
    int[] ords = compute.apply(this);
    ordinals = new Ordinals(run, ords);
    return ords;
  }
}
