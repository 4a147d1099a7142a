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

  /**
   * A topic file of {@code n} subscribers (reader0@example.org ...) on one diffusion topic, all due at
   * {@code sendAt} UTC: a whole audience in one slot.
   */
  public TestHome readersDueAt(int n, String sendAt) {
    StringBuilder topics = new StringBuilder(
        "topics:\n  diffusion: {title: Diffusion models, query: 'diffusion OR denoising'}\nsubscribers:\n");
    for (int i = 0; i < n; i++) {
      topics.append("  - {email: reader").append(i).append("@example.org, topics: [diffusion], send_at: \"")
          .append(sendAt).append("\"}\n");
    }
    return topics(topics.toString());
  }

  /** A send_at (HH:mm, UTC) that passed about {@code minutes} ago today, 00:00 just after midnight. */
  public static String passedToday(int minutes) {
    java.time.ZonedDateTime now = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC);
    java.time.ZonedDateTime then = now.minusMinutes(minutes);
    if (!then.toLocalDate().equals(now.toLocalDate())) return "00:00";
    return java.time.format.DateTimeFormatter.ofPattern("HH:mm").format(then);
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
