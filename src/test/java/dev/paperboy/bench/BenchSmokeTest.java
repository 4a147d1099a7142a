package dev.paperboy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `paperboy bench` at a tiny size: it runs every phase through the real code and every message reaches
 * the sink. Its speed is not asserted here; the benchmark itself measures that.
 */
class BenchSmokeTest {
  @TempDir Path home;

  @ParameterizedTest
  @ValueSource(strings = {"discard", "greenmail"})
  void everyPhaseRunsAndEveryMessageReachesTheSink(String sink) throws Exception {
    Cli.Result r = new Cli(home).run("bench", "--subscribers", "200", "--days", "3", "--sink", sink, "--senders", "2",
        "--warm-passes", "2", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());

    assertThat(j.get("subscribers").asInt()).isEqualTo(200);
    assertThat(j.get("sink").asText()).isEqualTo(sink);
    assertThat(j.get("storage").asText()).isEqualTo("h2");

    JsonNode compose = j.get("compose");
    assertThat(compose.get("digests").asLong()).isEqualTo(200);
    assertThat(compose.get("queued").asLong()).isEqualTo(200);
    assertThat(compose.get("renders").asLong()).isPositive().isLessThanOrEqualTo(200);
    assertThat(compose.get("digestsPerSecond").asDouble()).isPositive();
    assertThat(compose.get("peakHeapMb").asLong()).isPositive();
    long toSend = 200 - compose.get("empty").asLong();
    assertThat(toSend).isPositive();

    JsonNode ceiling = j.get("ceiling");
    assertThat(ceiling.get("messages").asLong()).isEqualTo(toSend);
    assertThat(ceiling.get("received").asLong()).isEqualTo(toSend);
    assertThat(ceiling.get("averageBytes").asLong()).isGreaterThan(1000);

    JsonNode deliver = j.get("deliver");
    assertThat(deliver.get("due").asLong()).isEqualTo(toSend);
    assertThat(deliver.get("messages").asLong()).isEqualTo(toSend);
    assertThat(deliver.get("received").asLong()).isEqualTo(toSend);
    assertThat(deliver.get("failed").asLong()).isZero();
    // where each phase's CPU went (at this size a phase can be shorter than a sample: no group is certain)
    for (JsonNode phase : new JsonNode[] {compose, ceiling, deliver}) {
      assertThat(phase.get("cpuByThread").size()).isPositive();
      phase.get("cpuByThread").forEach(seconds -> assertThat(seconds.asDouble()).isNotNegative());
    }
    // the ceiling sends the same rows' messages: as many bytes each, but for Date and Message-ID
    assertThat(deliver.get("receivedBytesPerMessage").asDouble())
        .isCloseTo(ceiling.get("receivedBytesPerMessage").asDouble(), org.assertj.core.data.Percentage.withPercentage(2));
    assertThat(j.get("deliverToCeiling").asDouble()).isPositive();
    // the first passes, before the same rows are queued again and delivered once more
    assertThat(j.get("ceilingCold").get("received").asLong()).isEqualTo(toSend);
    JsonNode deliverCold = j.get("deliverCold");
    assertThat(deliverCold.get("due").asLong()).isEqualTo(toSend);
    assertThat(deliverCold.get("messages").asLong()).isEqualTo(toSend);
    assertThat(deliverCold.get("received").asLong()).isEqualTo(toSend);
    assertThat(j.get("deliverColdToCeilingCold").asDouble()).isPositive();
    // two warm passes each of the same rows, the fastest reported
    for (String phase : new String[] {"compose", "ceiling", "deliver"}) {
      JsonNode passes = j.get(phase + "Passes");
      assertThat(passes).as(phase).hasSize(2);
      String rate = phase.equals("compose") ? "digestsPerSecond" : "messagesPerSecond";
      double fastest = Math.max(passes.get(0).get(rate).asDouble(), passes.get(1).get(rate).asDouble());
      assertThat(j.get(phase).get(rate).asDouble()).as(phase).isEqualTo(fastest);
      assertThat(j.get(phase).get("warmPassRates")).hasSize(2);
    }
    for (JsonNode pass : j.get("deliverPasses")) {
      assertThat(pass.get("due").asLong()).isEqualTo(toSend);
      assertThat(pass.get("received").asLong()).isEqualTo(toSend);
    }

    JsonNode cycle = j.get("cycle");
    assertThat(cycle.get("digests").asLong()).isEqualTo(200);
    long cycleToSend = 200 - cycle.get("empty").asLong();
    assertThat(cycleToSend).isPositive();
    assertThat(cycle.get("messages").asLong()).isEqualTo(cycleToSend);
    assertThat(cycle.get("received").asLong()).isEqualTo(cycleToSend);
    assertThat(cycle.get("failed").asLong()).isZero();
  }

  @Test
  void theCycleAfterQueueWithoutDeliverStartsWithTheDayBeforeDelivered() throws Exception {
    // without the deliver phase the queue phase's rows would still be queued a day later, and the
    // cycle's senders would expire them (delivery.max_age) and count them as failures
    Cli.Result r = new Cli(home).run("bench", "--subscribers", "60", "--days", "3", "--phases", "queue,cycle",
        "--senders", "2", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode cycle = new ObjectMapper().readTree(r.out()).get("cycle");
    long toSend = 60 - cycle.get("empty").asLong();
    assertThat(cycle.get("failed").asLong()).isZero();
    assertThat(cycle.get("messages").asLong()).isEqualTo(toSend);
    assertThat(cycle.get("received").asLong()).isEqualTo(toSend);
  }

  @Test
  void withoutWarmPassesAskedForTheWarmPassesCover200000ItemsWithinThreeToTen() {
    assertThat(Bench.Options.defaultWarmPasses(20_000)).isEqualTo(10);
    assertThat(Bench.Options.defaultWarmPasses(30_000)).isEqualTo(7); // 6 × 30,000 falls short
    assertThat(Bench.Options.defaultWarmPasses(100_000)).isEqualTo(3); // two would do: three to pick the fastest
    assertThat(Bench.Options.defaultWarmPasses(1_000_000)).isEqualTo(3);
    assertThat(Bench.Options.defaultWarmPasses(2_000)).isEqualTo(10); // not 100
  }

  @Test
  void theCommandRunsTheDefaultWarmPassesWhenNoneAreAskedFor() throws Exception {
    Cli.Result r = new Cli(home).run("bench", "--subscribers", "50", "--days", "2", "--phases", "compose", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("composePasses")).hasSize(Bench.Options.defaultWarmPasses(50));
    assertThat(j.get("compose").get("warmPassRates")).hasSize(10);
  }

  @Test
  void pastDigestsAreAHistoryTheBenchmarkNeitherSendsNorQueuesAgain() throws Exception {
    Cli.Result r = new Cli(home).run("bench", "--subscribers", "100", "--days", "3", "--history-days", "2",
        "--phases", "compose,queue,deliver,cycle", "--senders", "2", "--warm-passes", "1", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("historyDays").asInt()).isEqualTo(2);
    assertThat(j.get("setup").get("pastDigests").asLong()).isEqualTo(200);
    // the setup's bulk writes compacted away before anything is measured, on an application opened afresh
    JsonNode setup = j.get("setup");
    assertThat(setup.get("settleSeconds").asDouble()).isNotNegative();
    // (not smaller than before at this size: H2 had not written most of it to the file yet)
    assertThat(setup.get("h2FileBytes").asLong()).isPositive();
    assertThat(setup.get("h2FileBytesBeforeSettle").asLong()).isPositive();
    // what each step wrote to storage, where Linux tells (/proc/self/io)
    if (DiskWrites.read() >= 0) {
      assertThat(setup.get("diskWriteMb").asLong()).isNotNegative();
      assertThat(setup.get("settleDiskWriteMb").asLong()).isNotNegative();
      for (String phase : new String[] {"compose", "queue", "deliver", "cycle"}) {
        assertThat(j.get(phase).get("diskWriteMb").asLong()).as(phase).isNotNegative();
      }
    }

    long toSend = 100 - j.get("queue").get("empty").asLong();
    assertThat(toSend).isPositive();
    // each deliver pass sends what compose queued, never the past digests (which are 'sent' too)
    for (String pass : new String[] {"deliverCold", "deliver"}) {
      assertThat(j.get(pass).get("due").asLong()).as(pass).isEqualTo(toSend);
      assertThat(j.get(pass).get("received").asLong()).as(pass).isEqualTo(toSend);
    }
    JsonNode cycle = j.get("cycle");
    assertThat(cycle.get("digests").asLong()).isEqualTo(100);
    assertThat(cycle.get("received").asLong()).isEqualTo(100 - cycle.get("empty").asLong());
  }

  @Test
  void pruneDeletesThePastDigestsOlderThanTheShortestKeepAndReportsTheFile() throws Exception {
    Cli.Result r = new Cli(home).run("bench", "--subscribers", "50", "--days", "3", "--history-days", "42",
        "--phases", "prune", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode prune = new ObjectMapper().readTree(r.out()).get("prune");
    // the cycle's day less 40 days, less one for time zones: the past digests 41 and 42 days before compose
    assertThat(prune.get("keepDays").asInt()).isEqualTo(40);
    assertThat(prune.get("rows").asLong()).isEqualTo(2 * 50);
    assertThat(prune.get("rowsLeft").asLong()).isEqualTo(40 * 50);
    assertThat(prune.get("h2FileMbAfter").asLong()).isNotNegative();
    Cli.Result table = new Cli(home).run("bench", "--subscribers", "50", "--days", "3", "--history-days", "42",
        "--phases", "prune");
    assertThat(table.out()).containsPattern("prune +100 .*rows dated before \\S+ deleted \\(storage.keep 40d\\)");
  }

  @Test
  void anInMemoryDatabaseFromTheEnvironmentIsAUsageErrorToo() {
    Cli.Result r = new Cli(home).env("PAPERBOY_STORAGE_URL", "jdbc:h2:mem:bench").run("bench", "--subscribers", "10");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("PAPERBOY_STORAGE_URL").contains("in-memory");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--history-days=-1", "--sink=pigeon", "--days=1", "--phases=compose,bake", "--subscribers=0", "--warm-passes=0",
      "--phases=ceiling,deliver", "--phases=deliver,cycle",
      "--storage-url=jdbc:h2:mem:bench"})
  void badOptionsAreUsageErrors(String option) {
    Cli.Result r = new Cli(home).run("bench", option);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).as("names the option").contains(option.substring(0, option.indexOf('=')));
  }
}
