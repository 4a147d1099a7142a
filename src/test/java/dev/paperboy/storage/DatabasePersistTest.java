package dev.paperboy.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Database#persist} against a real kill -9: a child process commits rows on H2, persists after
 * each commit and says so; once killed, every row it announced is in the file.
 */
class DatabasePersistTest {
  @TempDir Path dir;

  @Test
  void whatWasPersistedSurvivesTheProcessBeingKilled() throws Exception {
    String url = "jdbc:h2:" + dir.resolve("db");
    Process child = new ProcessBuilder(ChildJvm.command(List.of(), Writer.class.getName(), url, dir.toString()))
        .redirectErrorStream(true).start();
    long announced = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (!line.matches("\\d+")) continue; // H2 or logging chatter
        announced = Long.parseLong(line);
        if (announced >= 30_000) break;
      }
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(announced).as("rows the child said were persisted").isGreaterThanOrEqualTo(30_000);

    try (Database db = Database.open(url, "sa", "", 2, dir)) {
      long stored = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM probe").mapTo(Long.class).one());
      assertThat(stored).isGreaterThanOrEqualTo(announced);
    }
  }

  /** The child: commits ten rows at a time, persists, prints the total, until it is killed. */
  public static final class Writer {
    public static void main(String[] args) {
      try (Database db = Database.open(args[0], "sa", "", 2, Path.of(args[1]))) {
        db.jdbi().useHandle(h -> h.execute("CREATE TABLE probe (id BIGINT PRIMARY KEY, v VARCHAR(200))"));
        long id = 0;
        while (true) {
          long from = id;
          db.jdbi().useTransaction(h -> {
            var batch = h.prepareBatch("INSERT INTO probe VALUES (:id, :v)");
            for (long i = from + 1; i <= from + 10; i++) batch.bind("id", i).bind("v", "x".repeat(100)).add();
            batch.execute();
          });
          id += 10;
          db.persist();
          System.out.println(id);
          System.out.flush();
        }
      }
    }

    private Writer() {}
  }
}
