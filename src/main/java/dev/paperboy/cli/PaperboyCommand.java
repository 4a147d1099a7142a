package dev.paperboy.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(
    name = "paperboy",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Trending research papers, in your inbox.",
    subcommands = {IngestCommand.class, PapersCommand.class, TopicsCommand.class, PreviewCommand.class,
        SendCommand.class, ResendCommand.class, StatusCommand.class, PruneCommand.class, SubscribersCommand.class,
        ReactivateCommand.class, BounceCommand.class, ServeCommand.class, DemoCommand.class, BenchCommand.class,
        DkimCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:runtime failure (database, network, mail server, or a bug)",
      "2:bad input or usage (a broken file, feed, query, address, flag or configuration)"
    },
    footer = {
      "",
      "Configuration: config/paperboy.yaml (or --config FILE). Any value can be",
      "overridden by an environment variable named after its path,",
      "e.g. storage.url -> PAPERBOY_STORAGE_URL."
    })
public final class PaperboyCommand implements Runnable, AutoCloseable {
  static final String DEFAULT_CONFIG = "config/paperboy.yaml";

  @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "Configuration file (default: " + DEFAULT_CONFIG + " under the Paperboy home).")
  Path config;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Log more (repeat for debug output).")
  boolean[] verbose = new boolean[0];

  @Spec CommandSpec spec;

  private final Map<String, String> env;
  private final Path home;
  private final Clock clock;
  private AppContext app;

  PaperboyCommand(Map<String, String> env, Path home, Clock clock) {
    this.env = env;
    this.home = home;
    this.clock = clock;
  }

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        new picocli.CommandLine(this), "Missing command: try 'paperboy --help'");
  }

  Map<String, String> env() {
    return env;
  }

  Path home() {
    return home;
  }

  int verbosity() {
    return verbose.length;
  }

  /** The services commands share, built on first use so that --help never touches the database. */
  AppContext app() {
    if (app == null) {
      String fromEnv = env.get("PAPERBOY_CONFIG");
      Path file = config != null ? config : fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : null;
      // the configuration's warnings go where the command's errors go: its stderr
      app = new AppContext(env, home, file, clock, spec.commandLine().getErr());
    }
    return app;
  }

  @Override
  public void close() {
    if (app != null) app.close();
  }
}
