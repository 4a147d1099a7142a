package dev.paperboy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Paperboy home for a test: config/paperboy.yaml and config/topics.yaml written by the test, the
 * repository's own templates, and the bundled samples at hand.
 */
public final class TestHome {
  public static final Path REPO = Path.of("").toAbsolutePath();
  public static final Path SAMPLES = REPO.resolve("samples");

  private final Path dir;

  public TestHome(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** Writes config/paperboy.yaml: the given YAML plus the repository's templates folder. */
  public TestHome config(String yaml) {
    return write("config/paperboy.yaml", "templates:\n  dir: \"" + REPO.resolve("templates") + "\"\n" + yaml);
  }

  public TestHome topics(String yaml) {
    return write("config/topics.yaml", yaml);
  }

  public Path topicsFile() {
    return dir.resolve("config/topics.yaml");
  }

  public TestHome write(String relative, String content) {
    try {
      Path p = dir.resolve(relative);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String sample(String name) {
    return SAMPLES.resolve(name).toString();
  }

  public Cli cli() {
    return new Cli(dir);
  }
}
