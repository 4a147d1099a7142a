package dev.paperboy.select;

import dev.paperboy.catalog.Paper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The candidate papers of one selection run in an in-memory Lucene index. A paper is known by its
 * ordinal: its position in the list the index was built from. Thread-safe once built.
 *
 * <p>This is the matching seam for benchmarks: {@code PaperIndex.of(papers).search(QueryLanguage.parse(q))}.
 */
public final class PaperIndex {
  private static final String ORD = "ord";
  /** The least cosine similarity at which a paper counts as "like" the liked papers. */
  public static final double LIKE_MIN_SIMILARITY = 0.10;
  /** How many abstract words one title word is worth when comparing papers. */
  public static final double LIKE_TITLE_WEIGHT = 3;

  private final List<Paper> papers;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private volatile Vectors vectors;

  private PaperIndex(List<Paper> papers, DirectoryReader reader) {
    this.papers = papers;
    this.reader = reader;
    this.searcher = new IndexSearcher(reader);
  }

  public static PaperIndex of(List<Paper> papers) {
    List<Paper> list = List.copyOf(papers);
    ByteBuffersDirectory dir = new ByteBuffersDirectory();
    IndexWriterConfig config = new IndexWriterConfig(QueryLanguage.analyzer())
        .setRAMBufferSizeMB(64)
        .setCommitOnClose(true);
    try (IndexWriter w = new IndexWriter(dir, config)) {
      for (int i = 0; i < list.size(); i++) {
        Paper p = list.get(i);
        Document d = new Document();
        d.add(new TextField(QueryLanguage.TITLE, p.title(), Field.Store.NO));
        d.add(new TextField(QueryLanguage.ABSTRACT, p.abstractText(), Field.Store.NO));
        for (String a : p.authors()) d.add(new TextField(QueryLanguage.AUTHORS, a, Field.Store.NO));
        d.add(new NumericDocValuesField(ORD, i));
        w.addDocument(d);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return new PaperIndex(list, DirectoryReader.open(dir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int size() {
    return papers.size();
  }

  public Paper paper(int ord) {
    return papers.get(ord);
  }

  public List<Paper> papers() {
    return papers;
  }

  /** Every paper the query matches, with its Lucene (BM25) score. */
  public Hits search(Query query) {
    HitCollector c = new HitCollector();
    try {
      searcher.search(query, c);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return c.hits();
  }

  /**
   * "More like these papers": every paper whose title and abstract are similar to the liked papers'
   * by tf-idf cosine similarity (title terms count {@value #LIKE_TITLE_WEIGHT} times; log-scaled term
   * frequency; idf from this index), at least {@value #LIKE_MIN_SIMILARITY}. The liked papers need not
   * be in the index; those that are are left out of the result (the reader knows them).
   */
  public Hits moreLikeThis(Collection<Paper> liked) {
    if (liked.isEmpty()) return new Hits(new int[0], new float[0]);
    Vectors v = vectors();
    Map<String, Double> raw = new HashMap<>();
    for (Paper p : liked) termCounts(p, raw);
    double[] weights = new double[v.dictionary.size()];
    double norm = 0;
    for (Map.Entry<String, Double> e : raw.entrySet()) {
      Integer id = v.dictionary.get(e.getKey());
      double w = (1 + Math.log(e.getValue())) * idf(papers.size(), id == null ? 0 : v.df[id]);
      norm += w * w;
      if (id != null) weights[id] = w;
    }
    norm = Math.sqrt(norm);
    Set<String> likedIds = new HashSet<>();
    for (Paper p : liked) likedIds.add(p.id());
    int[] ords = new int[16];
    float[] scores = new float[16];
    int n = 0;
    for (int ord = 0; ord < papers.size(); ord++) {
      if (likedIds.contains(papers.get(ord).id()) || norm == 0) continue;
      int[] terms = v.terms[ord];
      float[] w = v.weights[ord];
      double dot = 0;
      for (int i = 0; i < terms.length; i++) dot += w[i] * weights[terms[i]];
      if (v.norms[ord] == 0) continue;
      double cosine = dot / (norm * v.norms[ord]);
      if (cosine < LIKE_MIN_SIMILARITY) continue;
      if (n == ords.length) {
        ords = Arrays.copyOf(ords, n * 2);
        scores = Arrays.copyOf(scores, n * 2);
      }
      ords[n] = ord;
      scores[n++] = (float) cosine;
    }
    return new Hits(Arrays.copyOf(ords, n), Arrays.copyOf(scores, n));
  }

  private static double idf(int docs, int df) {
    return Math.log((docs + 1.0) / (df + 1.0));
  }

  private Vectors vectors() {
    Vectors v = vectors;
    if (v == null) {
      synchronized (this) {
        if (vectors == null) vectors = Vectors.of(papers);
        v = vectors;
      }
    }
    return v;
  }

  static void termCounts(Paper p, Map<String, Double> into) {
    analyze(QueryLanguage.TITLE, p.title(), LIKE_TITLE_WEIGHT, into);
    analyze(QueryLanguage.ABSTRACT, p.abstractText(), 1, into);
  }

  private static void analyze(String field, String text, double weight, Map<String, Double> into) {
    try (TokenStream ts = QueryLanguage.analyzer().tokenStream(field, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) into.merge(term.toString(), weight, Double::sum);
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Term counts of every paper, by term number, made on the first {@code like:} match of the run. */
  private static final class Vectors {
    final Map<String, Integer> dictionary = new HashMap<>();
    int[] df = new int[1024];
    final int[][] terms;
    /** (1 + ln tf) x idf of each term of each paper. */
    final float[][] weights;
    final double[] norms;

    private Vectors(int size) {
      terms = new int[size][];
      weights = new float[size][];
      norms = new double[size];
    }

    static Vectors of(List<Paper> papers) {
      Vectors v = new Vectors(papers.size());
      Map<String, Double> counts = new HashMap<>();
      for (int ord = 0; ord < papers.size(); ord++) {
        counts.clear();
        termCounts(papers.get(ord), counts);
        int[] t = new int[counts.size()];
        float[] f = new float[counts.size()];
        int i = 0;
        for (Map.Entry<String, Double> e : counts.entrySet()) {
          int id = v.dictionary.computeIfAbsent(e.getKey(), k -> v.dictionary.size());
          if (id == v.df.length) v.df = Arrays.copyOf(v.df, id * 2);
          v.df[id]++;
          t[i] = id;
          f[i++] = e.getValue().floatValue();
        }
        v.terms[ord] = t;
        v.weights[ord] = f;
      }
      for (int ord = 0; ord < papers.size(); ord++) {
        float[] w = v.weights[ord];
        double norm = 0;
        for (int i = 0; i < w.length; i++) {
          w[i] = (float) ((1 + Math.log(w[i])) * idf(papers.size(), v.df[v.terms[ord][i]]));
          norm += w[i] * w[i];
        }
        v.norms[ord] = Math.sqrt(norm);
      }
      return v;
    }
  }

  /** Matches of one query: ordinals ascending, with their scores. */
  public record Hits(int[] ords, float[] scores) {
    public int size() {
      return ords.length;
    }
  }

  private static final class HitCollector extends SimpleCollector {
    private int[] ords = new int[16];
    private float[] scores = new float[16];
    private int n;
    private NumericDocValues ordValues;
    private Scorable scorer;

    @Override
    protected void doSetNextReader(LeafReaderContext context) throws IOException {
      ordValues = context.reader().getNumericDocValues(ORD);
    }

    @Override
    public void setScorer(Scorable scorer) {
      this.scorer = scorer;
    }

    @Override
    public void collect(int doc) throws IOException {
      if (!ordValues.advanceExact(doc)) return;
      if (n == ords.length) {
        ords = Arrays.copyOf(ords, n * 2);
        scores = Arrays.copyOf(scores, n * 2);
      }
      ords[n] = (int) ordValues.longValue();
      scores[n] = scorer.score();
      n++;
    }

    @Override
    public ScoreMode scoreMode() {
      return ScoreMode.COMPLETE;
    }

    Hits hits() {
      int[] o = Arrays.copyOf(ords, n);
      float[] s = Arrays.copyOf(scores, n);
      // sort by ordinal so that results do not depend on segment layout
      Integer[] idx = new Integer[n];
      for (int i = 0; i < n; i++) idx[i] = i;
      Arrays.sort(idx, (a, b) -> Integer.compare(o[a], o[b]));
      int[] so = new int[n];
      float[] ss = new float[n];
      for (int i = 0; i < n; i++) {
        so[i] = o[idx[i]];
        ss[i] = s[idx[i]];
      }
      return new Hits(so, ss);
    }
  }
}
