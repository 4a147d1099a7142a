package dev.paperboy.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of the {@code paperboy} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    String home = System.getenv().getOrDefault("PAPERBOY_HOME", "");
    int code = run(args, System.getenv(), Path.of(home.isBlank() ? "" : home), Clock.systemDefaultZone(), out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs one command in this JVM and returns its exit code: 0 ok, 1 runtime failure, 2 bad input or
   * usage. Tests call this with their own environment, home, clock and streams.
   */
  public static int run(String[] args, Map<String, String> env, Path home, Clock clock, PrintWriter out, PrintWriter err) {
    PaperboyCommand root = new PaperboyCommand(env, home, clock);
    CommandLine cli = new CommandLine(root);
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(new ErrorReporter());
    cli.setExecutionStrategy(parseResult -> {
      Logging.configure(root.verbosity());
      return new CommandLine.RunLast().execute(parseResult);
    });
    try {
      return cli.execute(args);
    } finally {
      root.close();
    }
  }
}
