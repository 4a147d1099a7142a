package dev.paperboy.select;

import java.util.AbstractSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The papers of a subscriber's past digests, kept as the lists they were sent in. Subscribers who were
 * sent the same digest share its list instance, and selection looks at each list once per run rather
 * than at a merged copy per subscriber (a month of daily digests is some 30 lists and 240 papers).
 * Read-only.
 */
public final class SentPapers extends AbstractSet<String> {
  public static final SentPapers NONE = new SentPapers(List.of());

  private final List<PaperList> lists;
  private volatile Set<String> union;

  private SentPapers(List<PaperList> lists) {
    this.lists = lists;
  }

  /** @param lists the lists, kept as they are (not copied) */
  public static SentPapers of(List<PaperList> lists) {
    List<PaperList> nonEmpty = lists.stream().filter(l -> !l.isEmpty()).toList();
    return nonEmpty.isEmpty() ? NONE : new SentPapers(nonEmpty);
  }

  /** The set itself if it is one, else one list of its papers (copied). */
  public static SentPapers of(Set<String> papers) {
    if (papers instanceof SentPapers s) return s;
    return papers == null || papers.isEmpty() ? NONE : new SentPapers(List.of(PaperList.of(papers)));
  }

  /** The lists, none empty; one paper may be in several. */
  public List<PaperList> lists() {
    return lists;
  }

  @Override
  public boolean contains(Object o) {
    for (PaperList l : lists) {
      if (l.contains(o)) return true;
    }
    return false;
  }

  @Override
  public boolean isEmpty() {
    return lists.isEmpty();
  }

  @Override
  public Iterator<String> iterator() {
    return union().iterator();
  }

  @Override
  public int size() {
    return union().size();
  }

  private Set<String> union() {
    Set<String> u = union;
    if (u == null) {
      if (lists.size() == 1) {
        u = Collections.unmodifiableSet(lists.get(0));
      } else {
        Set<String> all = new HashSet<>();
        lists.forEach(all::addAll);
        u = Collections.unmodifiableSet(all);
      }
      union = u;
    }
    return u;
  }
}
