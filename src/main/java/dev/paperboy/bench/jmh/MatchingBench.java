package dev.paperboy.bench.jmh;

import dev.paperboy.select.PaperIndex;
import dev.paperboy.select.QueryLanguage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.search.Query;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Matching: one topic query over a run's candidate index (350 papers of 7 days), which a cycle does once
 * per distinct query; parsing it; and indexing the candidates, once per cycle.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MatchingBench {
  private Fixture fixture;
  private PaperIndex index;
  private Query query;
  private static final String QUERY = "diffusion OR \"score-based\" OR denoising";

  @Setup
  public void setUp() throws ParseException {
    fixture = new Fixture();
    index = fixture.run.index();
    query = QueryLanguage.parse(QUERY);
  }

  @Benchmark
  public PaperIndex.Hits search() {
    return index.search(query);
  }

  @Benchmark
  public Query parse() throws ParseException {
    return QueryLanguage.parse(QUERY);
  }

  @Benchmark
  public PaperIndex.Hits moreLikeThis() {
    return index.moreLikeThis(List.of(index.paper(0), index.paper(1)));
  }

  @Benchmark
  public PaperIndex indexCandidates() {
    return PaperIndex.of(fixture.papers);
  }
}
