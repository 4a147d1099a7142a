package dev.paperboy.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.jdbi.v3.core.Jdbi;

/**
 * The one connection pool of a Paperboy process, with the schema migrated to the latest version.
 * H2 (file or memory) for a single node, PostgreSQL for several.
 */
public final class Database implements AutoCloseable {

  public enum Dialect {
    H2,
    POSTGRESQL
  }

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final Dialect dialect;
  /** H2's data file; null for PostgreSQL and in-memory H2. */
  private final Path h2File;
  /** What {@link #persist} does: nothing on PostgreSQL. */
  private final Runnable persist;

  private Database(HikariDataSource dataSource, Dialect dialect, Path h2File) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.h2File = h2File;
    this.jdbi = Jdbi.create(dataSource);
    this.persist = h2File == null ? () -> {} : h2Persist(dataSource);
  }

  /**
   * Opens the pool and migrates the schema.
   *
   * @param url  a jdbc:h2: or jdbc:postgresql: URL; a relative H2 file path is resolved against {@code home}
   */
  public static Database open(String url, String username, String password, int poolSize, Path home) {
    Dialect dialect = dialectOf(url);
    HikariConfig hc = new HikariConfig();
    String jdbcUrl = dialect == Dialect.H2 ? H2Urls.complete(url, home) : url;
    hc.setJdbcUrl(jdbcUrl);
    hc.setUsername(username);
    hc.setPassword(password);
    // Flyway holds a second connection while it migrates: a pool of one would wait out the timeout.
    hc.setMaximumPoolSize(Math.max(2, poolSize));
    // Connections are opened as needed: a short command should not pay for filling a large pool.
    hc.setMinimumIdle(1);
    hc.setPoolName("paperboy");
    hc.setInitializationFailTimeout(10_000);
    hc.setConnectionTimeout(30_000);
    HikariDataSource ds = new HikariDataSource(hc);
    try {
      migrate(ds, dialect);
      return new Database(ds, dialect, dialect == Dialect.H2 ? H2Urls.dataFile(jdbcUrl) : null);
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  static Dialect dialectOf(String url) {
    String u = url.toLowerCase(Locale.ROOT);
    if (u.startsWith("jdbc:h2:")) return Dialect.H2;
    if (u.startsWith("jdbc:postgresql:")) return Dialect.POSTGRESQL;
    throw new IllegalArgumentException("unsupported database URL: " + url);
  }

  private static void migrate(DataSource ds, Dialect dialect) {
    Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/migration/common", "classpath:db/migration/" + dialect.name().toLowerCase(Locale.ROOT))
        .failOnMissingLocations(false)
        .load()
        .migrate();
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The H2 data file, for a file database. */
  public Optional<Path> h2File() {
    return Optional.ofNullable(h2File);
  }

  /**
   * Puts what has been committed into the database file now, so that it survives this process being
   * killed (kill -9, the OOM killer): for commits whose loss would be seen, such as a message recorded
   * as sent or an unsubscribe. A PostgreSQL commit is in its write-ahead log before it returns; H2
   * writes commits in the background up to its WRITE_DELAY (500 ms) later, and a killed process loses
   * them (at full speed ~200 messages were sent again after a restart). Writing every commit at once
   * (WRITE_DELAY=0) instead also stops H2's background compaction: after a day's bench phases at 100k
   * the file was 9.8 GB against ~6. Not an fsync: a power cut or an operating system crash can still
   * lose H2's last seconds.
   */
  public void persist() {
    persist.run();
  }

  /**
   * The process that opened the H2 file writes through H2's own store: one write for everything
   * committed so far, whichever thread committed it. A process attached to another's file through
   * AUTO_SERVER cannot reach that store and leaves it to the owner's background writes (H2's CHECKPOINT
   * would, but it needs admin rights and may compact megabytes at each call).
   */
  private static Runnable h2Persist(DataSource ds) {
    try (Connection c = ds.getConnection()) {
      if (c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local
          && local.getDatabase().getStore() != null) {
        MVStore store = local.getDatabase().getStore().getMvStore();
        return store::commit;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reach H2's store: " + e.getMessage(), e);
    }
    return () -> {};
  }

  private static final int H2_CLOSED = 90121;

  /** What {@link #compact} did to the H2 file. */
  public record Compacted(Path file, long bytesBefore, long bytesAfter) {}

  /**
   * H2's SHUTDOWN COMPACT: rewrites the file without the space that deletes freed, which H2 reuses but
   * never gives back. Only when this pool is all that has the database open, since every other
   * connection (another process such as serve, attached through AUTO_SERVER) would be cut off. The
   * pool is of no use afterwards: close it.
   *
   * @return empty when another connection has the database open: nothing was done
   * @throws IllegalStateException for PostgreSQL or an in-memory H2 database
   */
  public Optional<Compacted> compact() {
    if (h2File == null) throw new IllegalStateException("only an H2 file database can be compacted");
    int ours = dataSource.getHikariPoolMXBean().getTotalConnections();
    boolean alone = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) = :ours AND COUNT(server) = 0"
        + " FROM information_schema.sessions").bind("ours", ours).mapTo(Boolean.class).one());
    if (!alone) return Optional.empty();
    long before = size(h2File);
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("SHUTDOWN COMPACT");
    } catch (SQLException e) {
      // H2 answers a shutdown it has completed with "database is already closed" (90121)
      if (e.getErrorCode() != H2_CLOSED) throw new IllegalStateException("SHUTDOWN COMPACT failed: " + e.getMessage(), e);
    }
    return Optional.of(new Compacted(h2File, before, size(h2File)));
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
