package dev.paperboy.select;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;

/**
 * The query language of topics and {@code exclude}: Lucene classic query syntax over the fields
 * {@code title}, {@code abstract} and {@code authors}, searched all at once unless a query names a
 * field ({@code authors:"Tri Dao"}).
 *
 * <p>Title and abstract are analysed like Lucene's {@link EnglishAnalyzer} (possessives, lower case,
 * English stop words, Porter stemming, so {@code diffusions} finds "diffusion"), plus ASCII folding so
 * that {@code schrodinger} finds "Schrödinger". Author names are lower-cased and folded but never
 * stemmed or stopped ("Le", "Van", "Chen" stay what they are). A title hit weighs {@value #TITLE_BOOST}
 * times an abstract hit. Terms are joined with OR unless the query says AND.
 *
 * <p>Used both to validate the topic file and to match, so that whatever {@code topics check}
 * accepts is exactly what selection runs.
 */
public final class QueryLanguage {
  public static final String TITLE = "title";
  public static final String ABSTRACT = "abstract";
  public static final String AUTHORS = "authors";
  public static final List<String> FIELDS = List.of(TITLE, ABSTRACT, AUTHORS);
  public static final float TITLE_BOOST = 3f;
  public static final float ABSTRACT_BOOST = 1f;
  public static final float AUTHORS_BOOST = 1f;

  private static final Map<String, Float> BOOSTS = Map.of(TITLE, TITLE_BOOST, ABSTRACT, ABSTRACT_BOOST, AUTHORS, AUTHORS_BOOST);

  private QueryLanguage() {}

  /** The analyzer of every field, shared: Lucene analyzers are thread-safe. */
  public static Analyzer analyzer() {
    return Holder.ANALYZER;
  }

  /**
   * Parses a query. A {@link ParseException}'s message says what is wrong and where ("at line 1,
   * column 12"); the caller adds the file location.
   */
  public static Query parse(String text) throws ParseException {
    MultiFieldQueryParser parser = new MultiFieldQueryParser(FIELDS.toArray(String[]::new), analyzer(), BOOSTS);
    parser.setDefaultOperator(QueryParser.Operator.OR);
    Query q = parser.parse(text);
    return q == null ? new MatchNoDocsQuery("nothing left after analysis") : q;
  }

  /**
   * Why a query cannot be used, as the topic file would report it, or null when it can: it does not
   * parse, names a field other than title, abstract and authors, or can match nothing.
   */
  public static String problem(String text) {
    Query q;
    try {
      q = parse(text);
    } catch (ParseException | RuntimeException e) {
      return "not a valid query: " + TopicFileReader.describe(e);
    }
    List<String> unknown = unknownFields(q);
    if (!unknown.isEmpty()) return "unknown field '" + unknown.get(0) + ":'";
    String nothing = matchesNothing(q);
    return nothing == null ? null : "this query matches nothing: " + nothing;
  }

  /**
   * Whether plain text (not query syntax) keeps a word once the title and abstract analysis drops stop
   * words and punctuation. The authors field keeps every word, so "the" would otherwise search for an
   * author called The.
   */
  public static boolean hasWords(String text) {
    try (TokenStream ts = analyzer().tokenStream(TITLE, text)) {
      ts.reset();
      boolean any = ts.incrementToken();
      ts.end();
      return any;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // a StringReader does not fail
    }
  }

  /** The cache key of a query: equal keys, equal results. White space outside quotes does not matter. */
  public static String key(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  /** Field names a parsed query uses that are not title, abstract or authors, sorted. */
  static List<String> unknownFields(Query q) {
    TreeSet<String> fields = new TreeSet<>();
    q.visit(new QueryVisitor() {
      @Override
      public boolean acceptField(String field) {
        fields.add(field);
        return false;
      }

      @Override
      public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
        return this;
      }
    });
    fields.removeAll(FIELDS);
    return new ArrayList<>(fields);
  }

  /**
   * Why a query can match nothing at all, or null when it can match something: it is empty after
   * analysis (only stop words), or it has only negative clauses.
   */
  static String matchesNothing(Query q) {
    if (isEmpty(q)) return "it has no words left once stop words are removed";
    if (q instanceof BooleanQuery b) {
      List<BooleanClause> real = b.clauses().stream().filter(c -> !isEmpty(c.getQuery())).toList();
      if (real.stream().allMatch(c -> c.getOccur() == BooleanClause.Occur.MUST_NOT)) {
        return "it has only NOT clauses, and a query of only NOT clauses matches nothing";
      }
    }
    return null;
  }

  private static boolean isEmpty(Query q) {
    if (q instanceof MatchNoDocsQuery) return true;
    if (q instanceof BooleanQuery b) return b.clauses().stream().allMatch(c -> isEmpty(c.getQuery()));
    if (q instanceof org.apache.lucene.search.BoostQuery bq) return isEmpty(bq.getQuery());
    return false;
  }

  /** Built on first use: a command that never parses a query never loads the analysis chain. */
  private static final class Holder {
    static final Analyzer ANALYZER = new PerFieldAnalyzerWrapper(new EnglishFolding(), Map.of(AUTHORS, new Names()));
  }

  /** {@link EnglishAnalyzer}'s chain with ASCII folding after lower-casing. */
  static final class EnglishFolding extends Analyzer {
    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      Tokenizer source = new StandardTokenizer();
      TokenStream result = new EnglishPossessiveFilter(source);
      result = new LowerCaseFilter(result);
      result = new ASCIIFoldingFilter(result);
      result = new StopFilter(result, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
      result = new PorterStemFilter(result);
      return new TokenStreamComponents(source, result);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
      return new ASCIIFoldingFilter(new LowerCaseFilter(in));
    }
  }

  /** Person names: lower case and folded, never stemmed; separate names never form a phrase together. */
  static final class Names extends Analyzer {
    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      Tokenizer source = new StandardTokenizer();
      return new TokenStreamComponents(source, new ASCIIFoldingFilter(new LowerCaseFilter(source)));
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
      return new ASCIIFoldingFilter(new LowerCaseFilter(in));
    }

    @Override
    public int getPositionIncrementGap(String fieldName) {
      return 100;
    }
  }
}
