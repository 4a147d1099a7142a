package dev.paperboy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.paperboy.bench.Bench;
import dev.paperboy.deliver.Dispatcher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "bench",
    description = {
      "Measure composition and delivery at scale.",
      "On a reproducible audience (fixed seed): N subscribers with"
          + " topic mixes drawn from the bundled samples, spread over many time zones, and D days of listings"
          + " synthesised from them.",
      "Each stage is timed on its own, through the real code:",
      "- compose: select + render every subscriber's HTML and text (their values spliced in, encoded),"
          + " nothing written: digests/s and peak heap.",
      "- queue: the same composition again, into the outbox (what send does).",
      "- ceiling: the same number of pre-built messages through the same SMTP transports, no outbox.",
      "- deliver: the composed messages through the outbox and the senders into the sink, the same rows"
          + " queued again before each pass; deliverToCeiling compares the fastest warm passes.",
      "- cycle: the next day's scheduled cycle (senders running while it composes), as serve runs it.",
      "- prune (only when asked for): serve's daily retention job with storage.keep at its shortest, 40 days,"
          + " after the other phases; it has rows to delete with --history-days over 40.",
      "compose, ceiling and deliver run a first pass (composeCold, ...) that pays for class loading and"
          + " JIT compilation, then --warm-passes more; the fastest of those is reported, all of them in --json.",
      "Everything happens in a new database (a temporary H2 file unless --storage-url) and is deleted"
          + " afterwards. Between the setup and the phases the database is settled as a running installation's"
          + " would be (H2 compacted, PostgreSQL vacuumed) and opened afresh.",
      "Exit code 1 when a message did not reach the sink, 2 for a bad option."
    })
final class BenchCommand extends BaseCommand {

  @Option(names = "--subscribers", paramLabel = "N", defaultValue = "100000",
      description = "Subscribers (default: ${DEFAULT-VALUE}).")
  int subscribers;

  @Option(names = "--days", paramLabel = "D", defaultValue = "7",
      description = "Days of listings, at least 2: compose runs on the day before the last, the cycle on the last (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--history-days", paramLabel = "H", defaultValue = "0",
      description = "Days of past digests every subscriber already has, one sent digest a day before compose"
          + " (as on an installation that has run that long): compose and cycle then read that history"
          + " (default: ${DEFAULT-VALUE}: first digests for everyone).")
  int historyDays;

  @Option(names = "--sink", paramLabel = "SINK", defaultValue = "discard",
      description = "Where mail goes: discard (or none: an in-process server that accepts and drops), greenmail"
          + " (in process), or smtp://HOST:PORT (a server on this machine, e.g. Postfix) (default: ${DEFAULT-VALUE}).")
  String sink;

  @Option(names = "--senders", paramLabel = "N", defaultValue = "4",
      description = "Sender threads, each with one SMTP connection (default: ${DEFAULT-VALUE}).")
  int senders;

  @Option(names = "--record-batch", paramLabel = "N", defaultValue = "10",
      description = "delivery.record_batch: sent messages recorded per transaction (default: ${DEFAULT-VALUE}).")
  int recordBatch;

  @Option(names = "--phases", paramLabel = "LIST", split = ",", defaultValue = "compose,queue,ceiling,deliver,cycle",
      description = "Which phases to run, of compose, queue, ceiling, deliver, cycle, prune; ceiling and deliver need queue"
          + " (default: ${DEFAULT-VALUE}).")
  List<String> phases;

  @Option(names = "--storage-url", paramLabel = "JDBC_URL",
      description = "An empty database to run in, e.g. jdbc:postgresql://127.0.0.1:5432/bench or an H2 file"
          + " (not jdbc:h2:mem:; default: PAPERBOY_STORAGE_URL when set, else a temporary H2 file).")
  String storageUrl;

  @Option(names = "--storage-user", paramLabel = "USER", description = "Its user name.")
  String storageUser;

  @Option(names = "--storage-password", paramLabel = "PASSWORD", description = "Its password (or PAPERBOY_STORAGE_PASSWORD).")
  String storagePassword;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "20260313",
      description = "Seed of the audience and the listings (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--warm-passes", paramLabel = "N",
      description = "Passes of compose, ceiling and deliver after the first (cold) one; the fastest is reported"
          + " (default: enough for 200,000 messages, at least 3 and at most 10: 10 at 20,000 subscribers,"
          + " 3 at 100,000; the JIT is still compiling the sender path before that).")
  Integer warmPasses;

  @Option(names = "--json", description = "Print one JSON object with every figure instead of the table.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    Set<Bench.Phase> chosen = EnumSet.noneOf(Bench.Phase.class);
    for (String p : phases) {
      try {
        chosen.add(Bench.Phase.valueOf(p.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        err().println("--phases: unknown phase '" + p + "' (compose, queue, ceiling, deliver, cycle, prune)");
        return ExitCodes.BAD_INPUT;
      }
    }
    Bench.Options options;
    try {
      options = new Bench.Options(subscribers, days, historyDays, sink, senders, recordBatch, seed, chosen, storageUrl,
          storageUser, storagePassword, 1000,
          warmPasses != null ? warmPasses : Bench.Options.defaultWarmPasses(subscribers));
    } catch (IllegalArgumentException e) {
      err().println(e.getMessage());
      return ExitCodes.BAD_INPUT;
    }
    PaperboyCommand root = (PaperboyCommand) spec.root().userObject();
    Path home = root.home().toAbsolutePath();
    Bench bench = new Bench(options, DemoCommand.assets(home), new StderrReporter());
    Map<String, Object> result;
    try {
      Map<String, String> env;
      try {
        env = bench.prepare(root.env());
      } catch (IllegalArgumentException e) {
        err().println(e.getMessage());
        return ExitCodes.BAD_INPUT;
      }
      try {
        result = bench.run(() -> new AppContext(env, home, null, false, bench.clock()));
      } catch (Bench.BenchException e) {
        err().println(e.getMessage());
        return ExitCodes.BAD_INPUT;
      }
    } finally {
      bench.close();
    }
    if (json) {
      out().println(new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
    } else {
      out().print(BenchTable.format(result));
    }
    out().flush();
    return BenchTable.allReceived(result) ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  private final class StderrReporter implements Bench.Reporter {
    private ProgressBar bar;

    @Override
    public Dispatcher.Progress start(String phase) {
      finish();
      bar = ProgressBar.onStderr(err(), phase);
      return bar;
    }

    @Override
    public void finish() {
      if (bar != null) bar.finish();
      bar = null;
    }

    @Override
    public void note(String text) {
      err().println(text);
      err().flush();
    }
  }
}
