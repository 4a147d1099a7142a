package dev.paperboy.select;

import dev.paperboy.catalog.Listing;
import dev.paperboy.catalog.Paper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.lucene.queryparser.classic.ParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The selection of one digest time T for any number of subscribers. Made by {@link Selector#prepare}.
 *
 * <p>All Lucene work is shared: each distinct query (by its normalised text), {@code like:} list and
 * {@code exclude} runs once per run, and its matches are ranked once per distinct window of candidate
 * papers. What is left per subscriber is set arithmetic and a sort over the papers their topics
 * matched: no Lucene, no database. Thread-safe: several threads may select at once.
 */
public final class SelectionRun {
  /**
   * How many subscribers' histories {@link #selectAll} asks for at once. A month of history is some
   * 30 rows and 240 papers per subscriber, alive until the batch is selected: with 1,000 a compose
   * under 512 MB spent twice the GC time (20k subscribers: 3,642 digests/s against 4,624 with 250,
   * which costs nothing without history).
   */
  public static final int HISTORY_BATCH = 250;
  /** Distinct selections kept for sharing at most; past it the table starts again. */
  static final int MAX_SHARED = 20_000;
  /** Distinct windows cached at most; more (which a sane deployment never has) are computed per subscriber. */
  static final int MAX_CACHED_WINDOWS = 256;

  private static final Logger log = LoggerFactory.getLogger(SelectionRun.class);

  private final Instant asOf;
  private final Instant earliest;
  private final LocalDate firstDate;
  private final LocalDate lastDate;
  private final Map<LocalDate, LocalDate> listingDays;
  private final PaperIndex index;
  private final CatalogView catalog;
  private final float[] trend;
  private final Map<String, Integer> ordById;
  private final Map<WindowKey, Window> windows = new ConcurrentHashMap<>();
  private final Map<String, PaperIndex.Hits> matches = new ConcurrentHashMap<>();
  private final Map<RankKey, Ranked> ranked = new ConcurrentHashMap<>();
  private final Map<String, BitSet> excludes = new ConcurrentHashMap<>();
  private final Map<String, Optional<Paper>> liked = new ConcurrentHashMap<>();
  private final AtomicInteger executions = new AtomicInteger();
  /** Sections by everything they depend on: most subscribers share theirs with many others. */
  private final Map<SelectionKey, List<Section>> shared = new ConcurrentHashMap<>();
  /**
   * This run as the paper lists of histories know it when they keep its ordinals ({@link
   * PaperList#ordinals}): a token rather than the run, which they would keep alive after it.
   */
  private final Object ordinalsToken = new Object();
  private final java.util.function.Function<PaperList, int[]> toOrdinals = this::ordinals;
  private static final int[] NO_ORDS = new int[0];
  private final java.util.concurrent.atomic.AtomicLong sharedHits = new java.util.concurrent.atomic.AtomicLong();
  private volatile boolean sharing = true;

  SelectionRun(Instant asOf, Instant earliest, LocalDate firstDate, LocalDate lastDate,
      Map<LocalDate, LocalDate> listingDays, PaperIndex index, CatalogView catalog) {
    this.asOf = asOf;
    this.earliest = earliest;
    this.firstDate = firstDate;
    this.lastDate = lastDate;
    this.listingDays = Map.copyOf(listingDays);
    this.index = index;
    this.catalog = catalog;
    this.trend = trends(index.papers());
    this.ordById = new HashMap<>();
    for (int i = 0; i < index.size(); i++) ordById.put(index.paper(i).id(), i);
  }

  /** The digest time T: every digest of this run has it as its window end. */
  public Instant asOf() {
    return asOf;
  }

  /** How many candidate papers this run holds (every window together). */
  public int paperCount() {
    return index.size();
  }

  /** The index of this run's papers, for benchmarks of matching alone. */
  public PaperIndex index() {
    return index;
  }

  /** The subscriber's local date at T: the date of their digest. */
  public LocalDate dateFor(Subscriber s) {
    return asOf.atZone(s.timezone()).toLocalDate();
  }

  /** Whether the subscriber's frequency calls for a digest on their local date at T. */
  public boolean isDue(Subscriber s) {
    return s.frequency().isDue(dateFor(s));
  }

  /** The digest of one subscriber for their local date at T. */
  public Digest select(Subscriber s, DeliveryHistory.History history) {
    return select(s, dateFor(s), history);
  }

  /**
   * The digest of one subscriber.
   *
   * @param date    the digest's date (normally {@link #dateFor}); for a first digest it must be a date
   *                T falls on somewhere on Earth, since only those listing days were loaded
   * @param history the subscriber's history; null or {@link DeliveryHistory.History#NONE} for a first digest
   */
  public Digest select(Subscriber s, LocalDate date, DeliveryHistory.History history) {
    DeliveryHistory.History h = history == null ? DeliveryHistory.History.NONE : history;
    Window window = window(h.previousWindowEnd(), date);
    int[] sent = sentIn(window, h.excludedPaperIds());
    if (!sharing || !window.cached) return new Digest(s, date, asOf, sections(s, window, sent));
    // Everything the sections depend on: subscribers equal in all of it get the same sections (and the
    // same list instance, which lets rendering recognise a shape it has seen without hashing it again).
    SelectionKey key = new SelectionKey(s.topics(), s.exclude(), s.maxPapers(), window.key, date, key(sent));
    List<Section> sections = shared.get(key);
    if (sections == null) {
      sections = List.copyOf(sections(s, window, sent));
      if (shared.size() >= MAX_SHARED) shared.clear();
      shared.put(key, sections);
    } else {
      sharedHits.incrementAndGet();
    }
    return new Digest(s, date, asOf, sections);
  }

  /**
   * The papers of {@code sent} that are candidates in this window, as sorted distinct ordinals: the only
   * part of a history that selection reads (every ranked list holds window members only). Each list of
   * papers is turned into ordinals once per run, however many subscribers were sent it.
   */
  private int[] sentIn(Window window, SentPapers sent) {
    if (sent.isEmpty()) return NO_ORDS;
    int[] out = null;
    int n = 0;
    for (PaperList list : sent.lists()) {
      for (int ord : list.ordinals(ordinalsToken, toOrdinals)) {
        if (!window.members.get(ord)) continue;
        if (out == null) out = new int[8];
        else if (n == out.length) out = Arrays.copyOf(out, n * 2);
        out[n++] = ord;
      }
    }
    if (n == 0) return NO_ORDS;
    Arrays.sort(out, 0, n);
    int distinct = 1;
    for (int i = 1; i < n; i++) {
      if (out[i] != out[distinct - 1]) out[distinct++] = out[i];
    }
    return Arrays.copyOf(out, distinct);
  }

  /** The ordinals in this run's index of the papers it holds of {@code ids}. */
  private int[] ordinals(PaperList ids) {
    int[] ords = new int[ids.size()];
    int n = 0;
    for (String id : ids) {
      Integer ord = ordById.get(id);
      if (ord != null) ords[n++] = ord;
    }
    return n == ords.length ? ords : Arrays.copyOf(ords, n);
  }

  private static String key(int[] sentOrds) {
    if (sentOrds.length == 0) return "";
    StringBuilder b = new StringBuilder(sentOrds.length * 4);
    for (int ord : sentOrds) b.append(ord).append(',');
    return b.toString();
  }

  /** @param sent ordinals of the window's papers already sent ({@link #sentIn}) */
  private List<Section> sections(Subscriber s, Window window, int[] sent) {
    List<Topic> topics = s.topics();
    int n = topics.size();
    int k = s.maxPapers();
    Ranked[] r = new Ranked[n];
    for (int t = 0; t < n; t++) r[t] = ranked(topics.get(t), window);
    BitSet excluded = s.exclude() == null ? null : exclude(s.exclude());

    // The best k of each topic: the best k overall by best score are among them.
    int[] candidates = new int[Math.min(k * n, index.size())];
    int count = 0;
    for (int t = 0; t < n; t++) {
      int taken = 0;
      int[] ords = r[t].ords;
      for (int j = 0; j < ords.length && taken < k; j++) {
        int ord = ords[j];
        if (excluded != null && excluded.get(ord)) continue;
        if (sent.length > 0 && Arrays.binarySearch(sent, ord) >= 0) continue;
        taken++;
        if (!contains(candidates, count, ord)) candidates[count++] = ord;
      }
    }

    Scored[] scored = new Scored[count];
    for (int c = 0; c < count; c++) {
      int ord = candidates[c];
      double[] perTopic = new double[n];
      double best = 0;
      for (int t = 0; t < n; t++) {
        perTopic[t] = r[t].scoreOf(ord);
        best = Math.max(best, perTopic[t]);
      }
      scored[c] = new Scored(ord, best, perTopic);
    }
    Arrays.sort(scored, (a, b) -> {
      int cmp = Double.compare(b.score, a.score);
      if (cmp != 0) return cmp;
      cmp = Float.compare(trend[b.ord], trend[a.ord]);
      return cmp != 0 ? cmp : index.paper(a.ord).id().compareTo(index.paper(b.ord).id());
    });

    Map<String, List<Pick>> sections = new LinkedHashMap<>();
    Map<String, Topic> sectionTopic = new HashMap<>();
    for (int c = 0; c < Math.min(k, scored.length); c++) {
      Scored sc = scored[c];
      List<Topic> matched = topicsBestFirst(topics, sc.perTopic);
      Pick pick = new Pick(index.paper(sc.ord), sc.score, matched);
      Topic best = matched.get(0);
      sections.computeIfAbsent(best.key(), key -> new ArrayList<>()).add(pick);
      sectionTopic.putIfAbsent(best.key(), best);
    }
    List<Section> out = new ArrayList<>(sections.size());
    sections.forEach((key, picks) -> out.add(new Section(sectionTopic.get(key), picks)));
    return out;
  }

  /**
   * Selects for many subscribers, looking their histories up {@value #HISTORY_BATCH} at a time, and
   * hands each digest to {@code sink} as soon as it is made: nothing is kept, so the number of
   * subscribers is not limited by memory. Subscribers without an id are treated as new. Does not
   * check {@link #isDue}: pass only the subscribers that are due.
   */
  public void selectAll(Iterable<Subscriber> subscribers, DeliveryHistory history, Consumer<Digest> sink) {
    try (Batch batch = batch(history, sink)) {
      for (Subscriber s : subscribers) batch.accept(s);
    }
  }

  /**
   * {@link #selectAll} for subscribers that are pushed rather than pulled, such as those of
   * {@link Audience#forEachActive}: accepts them one at a time, selects in batches of
   * {@value #HISTORY_BATCH}, and selects the rest on {@link Batch#close()}.
   *
   * <pre>
   * try (SelectionRun.Batch batch = run.batch(history, sink)) {
   *   audience.forEachActive(topicFile, s -&gt; { if (run.isDue(s)) batch.accept(s); });
   * }
   * </pre>
   */
  public Batch batch(DeliveryHistory history, Consumer<Digest> sink) {
    return new Batch(history, this::dateFor, sink);
  }

  /** {@link #batch(DeliveryHistory, Consumer)} with each subscriber's digest date chosen by the caller. */
  public Batch batch(DeliveryHistory history, Function<Subscriber, LocalDate> dateOf, Consumer<Digest> sink) {
    return new Batch(history, dateOf, sink);
  }

  /** See {@link #batch}. Not thread-safe: one producer per batch. */
  public final class Batch implements Consumer<Subscriber>, AutoCloseable {
    private final DeliveryHistory history;
    private final Function<Subscriber, LocalDate> dateOf;
    private final Consumer<Digest> sink;
    private final List<Subscriber> pending = new ArrayList<>(HISTORY_BATCH);

    private Batch(DeliveryHistory history, Function<Subscriber, LocalDate> dateOf, Consumer<Digest> sink) {
      this.history = history;
      this.dateOf = dateOf;
      this.sink = sink;
    }

    @Override
    public void accept(Subscriber s) {
      pending.add(s);
      if (pending.size() == HISTORY_BATCH) flush();
    }

    /** Selects for every subscriber accepted so far. */
    public void flush() {
      if (pending.isEmpty()) return;
      List<String> ids = new ArrayList<>(pending.size());
      for (Subscriber s : pending) if (s.id() != null) ids.add(s.id());
      Map<String, DeliveryHistory.History> histories = ids.isEmpty() ? Map.of() : history.of(ids);
      for (Subscriber s : pending) sink.accept(select(s, dateOf.apply(s), s.id() == null ? null : histories.get(s.id())));
      pending.clear();
    }

    @Override
    public void close() {
      flush();
    }
  }

  /**
   * Turns the sharing of selections between subscribers off (on by default), for tests proving that
   * it changes no digest.
   */
  void shareSelections(boolean on) {
    sharing = on;
  }

  /** How many digests took the sections of an earlier subscriber with the same selection. */
  public long sharedSelections() {
    return sharedHits.get();
  }

  /** How many matching executions (Lucene queries, {@code like:} comparisons, excludes) this run has made. */
  int queryExecutions() {
    return executions.get();
  }

  // ---------------------------------------------------------------------------------------------

  private static boolean contains(int[] a, int n, int v) {
    for (int i = 0; i < n; i++) if (a[i] == v) return true;
    return false;
  }

  private static List<Topic> topicsBestFirst(List<Topic> topics, double[] perTopic) {
    Integer[] order = new Integer[topics.size()];
    int m = 0;
    for (int t = 0; t < topics.size(); t++) if (perTopic[t] > 0) order[m++] = t;
    Integer[] matched = Arrays.copyOf(order, m);
    Arrays.sort(matched, (a, b) -> Double.compare(perTopic[b], perTopic[a])); // stable: file order on ties
    List<Topic> out = new ArrayList<>(m);
    for (Integer t : matched) out.add(topics.get(t));
    return out;
  }

  private Window window(Instant previousWindowEnd, LocalDate date) {
    WindowKey key = previousWindowEnd == null
        ? new WindowKey(null, listingDay(date))
        : new WindowKey(previousWindowEnd.isBefore(earliest) ? earliest : previousWindowEnd, null);
    Window w = windows.get(key);
    if (w != null) return w;
    w = new Window(key, members(key), windows.size() < MAX_CACHED_WINDOWS);
    if (w.cached) {
      Window raced = windows.putIfAbsent(key, w);
      if (raced != null) return raced;
    }
    return w;
  }

  private LocalDate listingDay(LocalDate date) {
    if (listingDays.containsKey(date)) return listingDays.get(date);
    if (!date.isBefore(firstDate) && !date.isAfter(lastDate)) return null; // no listing at all by then
    Optional<LocalDate> day = catalog.latestListingDay(date);
    if (day.isEmpty()) return null;
    if (!listingDays.containsValue(day.get())) {
      throw new IllegalArgumentException("a first digest for " + date + " needs the listing of " + day.get()
          + ", which this run (for " + asOf + ") did not load; dates from " + firstDate + " to " + lastDate + " work");
    }
    return day.get();
  }

  private BitSet members(WindowKey key) {
    BitSet b = new BitSet(index.size());
    for (int ord = 0; ord < index.size(); ord++) {
      Paper p = index.paper(ord);
      boolean in;
      if (key.after != null) {
        in = p.firstSeen().isAfter(key.after) && !p.firstSeen().isAfter(asOf);
      } else if (key.listingDay != null) {
        in = false;
        for (Listing l : p.listings()) if (l.date().equals(key.listingDay)) in = true;
      } else {
        in = false;
      }
      if (in) b.set(ord);
    }
    return b;
  }

  private Ranked ranked(Topic topic, Window window) {
    String match = matchKey(topic);
    RankKey key = new RankKey(match, window.key);
    Ranked r = ranked.get(key);
    if (r != null) return r;
    r = rank(topic, window);
    if (window.cached) {
      Ranked raced = ranked.putIfAbsent(key, r);
      if (raced != null) return raced;
    }
    return r;
  }

  /** Relevance of each part of the topic (query, like) relative to its best candidate in the window, then trend. */
  private Ranked rank(Topic topic, Window window) {
    Map<Integer, Double> relevance = new HashMap<>();
    if (topic.query() != null) normalise(queryHits(topic.query()), window.members, relevance);
    if (!topic.like().isEmpty()) normalise(likeHits(topic.like()), window.members, relevance);
    int n = relevance.size();
    Integer[] order = relevance.keySet().toArray(Integer[]::new);
    Map<Integer, Double> scoreOf = new HashMap<>();
    for (Integer ord : order) scoreOf.put(ord, Ranking.score(relevance.get(ord), trend[ord]));
    Arrays.sort(order, (a, b) -> {
      int c = Double.compare(scoreOf.get(b), scoreOf.get(a));
      return c != 0 ? c : Integer.compare(a, b);
    });
    int[] ords = new int[n];
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      ords[i] = order[i];
      scores[i] = scoreOf.get(order[i]);
    }
    return new Ranked(ords, scores);
  }

  private static void normalise(PaperIndex.Hits hits, BitSet members, Map<Integer, Double> into) {
    double best = 0;
    for (int i = 0; i < hits.size(); i++) {
      if (members.get(hits.ords()[i])) best = Math.max(best, hits.scores()[i]);
    }
    if (best <= 0) return;
    for (int i = 0; i < hits.size(); i++) {
      int ord = hits.ords()[i];
      if (members.get(ord)) into.merge(ord, hits.scores()[i] / best, Math::max);
    }
  }

  static String matchKey(Topic t) {
    StringBuilder sb = new StringBuilder();
    if (t.query() != null) sb.append("q\u0000").append(QueryLanguage.key(t.query()));
    for (String l : t.like()) sb.append("\u0001l\u0000").append(l.strip());
    return sb.toString();
  }

  private PaperIndex.Hits queryHits(String query) {
    return matches.computeIfAbsent("q\u0000" + QueryLanguage.key(query), k -> {
      executions.incrementAndGet();
      try {
        return index.search(QueryLanguage.parse(query));
      } catch (ParseException e) {
        log.warn("query '{}' does not parse and matches nothing: {}", query, TopicFileReader.describe(e));
        return new PaperIndex.Hits(new int[0], new float[0]);
      }
    });
  }

  private PaperIndex.Hits likeHits(List<String> refs) {
    return matches.computeIfAbsent("l\u0000" + String.join("\u0000", refs), k -> {
      executions.incrementAndGet();
      List<Paper> papers = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (String ref : refs) {
        Optional<Paper> p = liked.computeIfAbsent(ref.strip(), this::lookUp);
        if (p.isPresent() && seen.add(p.get().id())) papers.add(p.get());
      }
      return index.moreLikeThis(papers);
    });
  }

  private Optional<Paper> lookUp(String ref) {
    Optional<String> arxiv = PaperLookup.arxivId(ref);
    Integer ord = ordById.get(arxiv.orElse(ref));
    if (ord != null) return Optional.of(index.paper(ord));
    return catalog.find(ref);
  }

  private BitSet exclude(String query) {
    return excludes.computeIfAbsent(QueryLanguage.key(query), k -> {
      executions.incrementAndGet();
      BitSet b = new BitSet(index.size());
      try {
        for (int ord : index.search(QueryLanguage.parse(query)).ords()) b.set(ord);
      } catch (ParseException e) {
        log.warn("exclude '{}' does not parse and excludes nothing: {}", query, TopicFileReader.describe(e));
      }
      return b;
    });
  }

  private static float[] trends(List<Paper> papers) {
    int maxUpvotes = 0;
    Map<LocalDate, Integer> sizes = new HashMap<>();
    for (Paper p : papers) {
      if (p.upvotes() != null) maxUpvotes = Math.max(maxUpvotes, p.upvotes());
      for (Listing l : p.listings()) sizes.merge(l.date(), l.rank(), Math::max);
    }
    float[] out = new float[papers.size()];
    for (int i = 0; i < out.length; i++) {
      Paper p = papers.get(i);
      int size = p.lastListed() == null ? 0 : sizes.getOrDefault(p.lastListed(), 0);
      out[i] = (float) Ranking.trend(p, maxUpvotes, size);
    }
    return out;
  }

  /** The trend of a candidate paper in this run, for tests and benchmarks. */
  double trendOf(String paperId) {
    Integer ord = ordById.get(paperId);
    return ord == null ? Double.NaN : trend[ord];
  }

  private record WindowKey(Instant after, LocalDate listingDay) {}

  /**
   * What one subscriber's sections depend on: their topics (in order: ties keep it), exclude and
   * max_papers, the window of candidates, the date, and which of the window's papers they already had.
   */
  private record SelectionKey(List<Topic> topics, String exclude, int maxPapers, WindowKey window, LocalDate date,
      String sentInWindow) {}

  private record RankKey(String match, WindowKey window) {}

  private record Window(WindowKey key, BitSet members, boolean cached) {}

  private record Scored(int ord, double score, double[] perTopic) {}

  /** One topic's matches within one window: best first, and by ordinal for look-ups. */
  private static final class Ranked {
    final int[] ords;
    final double[] scores;
    final int[] byOrd;
    final double[] byOrdScores;

    Ranked(int[] ords, double[] scores) {
      this.ords = ords;
      this.scores = scores;
      Integer[] idx = new Integer[ords.length];
      for (int i = 0; i < idx.length; i++) idx[i] = i;
      Arrays.sort(idx, (a, b) -> Integer.compare(ords[a], ords[b]));
      byOrd = new int[ords.length];
      byOrdScores = new double[ords.length];
      for (int i = 0; i < idx.length; i++) {
        byOrd[i] = ords[idx[i]];
        byOrdScores[i] = scores[idx[i]];
      }
    }

    double scoreOf(int ord) {
      int i = Arrays.binarySearch(byOrd, ord);
      return i < 0 ? 0 : byOrdScores[i];
    }
  }
}
