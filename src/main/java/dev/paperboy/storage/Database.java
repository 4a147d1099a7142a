package dev.paperboy.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
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

  private Database(HikariDataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.jdbi = Jdbi.create(dataSource);
  }

  /**
   * Opens the pool and migrates the schema.
   *
   * @param url  a jdbc:h2: or jdbc:postgresql: URL; a relative H2 file path is resolved against {@code home}
   */
  public static Database open(String url, String username, String password, int poolSize, Path home) {
    Dialect dialect = dialectOf(url);
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(dialect == Dialect.H2 ? H2Urls.complete(url, home) : url);
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
      return new Database(ds, dialect);
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

  @Override
  public void close() {
    dataSource.close();
  }
}
