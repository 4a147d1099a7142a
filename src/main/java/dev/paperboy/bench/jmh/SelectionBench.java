package dev.paperboy.bench.jmh;

import dev.paperboy.select.Digest;
import dev.paperboy.select.SelectionRun;
import dev.paperboy.select.Selector;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.CatalogView;
import java.util.concurrent.TimeUnit;
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
 * Ranking and selection: one subscriber's digest from a run whose queries are already matched and
 * ranked (what all but the first subscriber of a topic cost), over 4,096 subscribers of the
 * benchmark's audience; and a whole run prepared for one subscriber (every query cold).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SelectionBench {
  private static final int SUBSCRIBERS = 4096;
  private Fixture fixture;
  private Subscriber[] subscribers;
  private int next;

  @Setup
  public void setUp() {
    fixture = new Fixture();
    subscribers = new Subscriber[SUBSCRIBERS];
    for (int i = 0; i < SUBSCRIBERS; i++) {
      subscribers[i] = fixture.subscriber(i);
      fixture.run.select(subscribers[i], null); // warm the run's shared matches and rankings
    }
  }

  @Benchmark
  public Digest selectOne() {
    Subscriber s = subscribers[next++ & (SUBSCRIBERS - 1)];
    return fixture.run.select(s, null);
  }

  @Benchmark
  public Digest prepareAndSelectCold() {
    Subscriber s = subscribers[next++ & (SUBSCRIBERS - 1)];
    SelectionRun run = new Selector(CatalogView.inMemory(fixture.papers)).prepare(fixture.asOf);
    return run.select(s, null);
  }
}
