package dev.paperboy.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWatcherTest {
  @Test
  void callsBackOnlyWhenTheContentChanges(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("topics.yaml");
    Files.writeString(file, "a: 1\n");
    AtomicInteger changes = new AtomicInteger();
    try (FileWatcher w = new FileWatcher(file, Duration.ofHours(1), changes::incrementAndGet)) {
      w.check();
      Files.writeString(file, "a: 1\n"); // touched, same content
      w.check();
      Files.writeString(file, "a: 2\n");
      w.check();
      Files.move(dir.resolve("topics.yaml"), dir.resolve("old.yaml")); // an editor's rename dance
      Files.writeString(file, "a: 3\n");
      w.check();
      w.reload();

      assertThat(changes).hasValue(3);
    }
  }
}
