package dev.paperboy.testing;

import dev.paperboy.storage.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh, migrated databases for tests: an H2 file database in a temporary directory, or a new
 * database inside one embedded PostgreSQL server shared by the whole test run (started on first use,
 * listening on 127.0.0.1 only).
 */
public final class TestDatabases {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private TestDatabases() {}

  public static Database fresh(Database.Dialect dialect) {
    return Database.open(url(dialect), user(dialect), "", 8, tempDir());
  }

  /** A URL for a new empty database, for tests that open it themselves (for example through the CLI). */
  public static String url(Database.Dialect dialect) {
    return switch (dialect) {
      case H2 -> "jdbc:h2:file:" + tempDir().resolve("paperboy");
      case POSTGRESQL -> createPostgresDatabase();
    };
  }

  public static String user(Database.Dialect dialect) {
    return dialect == Database.Dialect.H2 ? "sa" : "postgres";
  }

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("paperboy-test-");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static synchronized String createPostgresDatabase() {
    try {
      if (postgres == null) {
        postgres = EmbeddedPostgres.builder()
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("max_connections", "300")
            .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            postgres.close();
          } catch (IOException ignored) {
            // the JVM is going away
          }
        }));
      }
      String name = "paperboy_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
      try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      }
      return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + name;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
