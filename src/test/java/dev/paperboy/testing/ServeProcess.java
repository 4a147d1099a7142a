package dev.paperboy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code paperboy serve} in a process of its own, started with this test JVM's java and class path:
 * what a node of a cluster is. Its stdout and stderr go to a log file in its home.
 */
public final class ServeProcess implements AutoCloseable {
  private final String name;
  private final Path log;
  private final Process process;

  private ServeProcess(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  /**
   * @param home the node's Paperboy home (config/paperboy.yaml, config/topics.yaml)
   * @param env  PAPERBOY_* settings of this node, on top of its configuration file
   */
  public static ServeProcess start(String name, Path home, Map<String, String> env) {
    List<String> command = ChildJvm.command(List.of("-Xmx256m", "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true"),
        "dev.paperboy.cli.Main", "serve");
    Path log = home.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("PAPERBOY_"));
    pb.environment().put("PAPERBOY_HOME", home.toString());
    pb.environment().putAll(env);
    try {
      return new ServeProcess(name, log, pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until the node says it is serving: its database open, its schedule and senders started.
   * Until then another process opening the same H2 file races it for the file's lock.
   */
  public ServeProcess awaitServing() throws InterruptedException {
    await(() -> log().contains("paperboy is serving"), Duration.ofMinutes(1), "it to start serving");
    return this;
  }

  /** Polls the condition while this node lives; fails with its log if it dies or time runs out. */
  public void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (!process.isAlive()) throw new AssertionError(name + " died while waiting for " + what + ":\n" + log());
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what + "\n" + log());
      Thread.sleep(200);
    }
  }

  public String name() {
    return name;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** kill -9: no shutdown hook runs, nothing is given back or recorded. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /**
   * SIGTERM, as an operator or a service manager stops it: messages in flight finish, claimed rows go back.
   *
   * @return the exit code, or -1 if it did not stop within a minute (then it is killed)
   */
  public int stop() throws InterruptedException {
    process.destroy();
    if (process.waitFor(60, TimeUnit.SECONDS)) return process.exitValue();
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    return -1;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) kill();
  }
}
