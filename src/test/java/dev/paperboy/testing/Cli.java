package dev.paperboy.testing;

import dev.paperboy.cli.Main;
import dev.paperboy.storage.Database;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Runs paperboy commands in this JVM against a home directory and environment of the test's choosing. */
public final class Cli {
  private final Path home;
  private final Map<String, String> env = new HashMap<>();
  private Clock clock = Clock.systemUTC();

  public Cli(Path home) {
    this.home = home;
  }

  public Cli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Runs against the test database of this dialect (H2 in a temporary file, or the embedded PostgreSQL). */
  public Cli on(Database.Dialect dialect) {
    return env("PAPERBOY_STORAGE_URL", TestDatabases.url(dialect)).env("PAPERBOY_STORAGE_USERNAME", TestDatabases.user(dialect));
  }

  public Cli clock(Clock c) {
    this.clock = c;
    return this;
  }

  public Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, env, home, clock, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  public record Result(int exitCode, String out, String err) {
    public long outLines() {
      return out.lines().count();
    }
  }
}
