package dev.paperboy.storage;

import java.sql.SQLException;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two writers adding the same new key at once (two nodes syncing one topic file, two sign-ups of one
 * address): the loser's insert breaks the unique constraint and its transaction rolls back. Running the
 * read-then-write again finds the winner's row. Any other failure is rethrown at once.
 */
public final class InsertRace {
  private static final Logger log = LoggerFactory.getLogger(InsertRace.class);

  private InsertRace() {}

  /** Runs {@code work}, again after a unique violation, at most {@code attempts} times in all. */
  public static <T> T retry(int attempts, Supplier<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.get();
      } catch (JdbiException e) {
        if (attempt >= attempts || !isUniqueViolation(e)) throw e;
        log.debug("another writer added the same key meanwhile; trying again: {}", e.toString());
      }
    }
  }

  static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && "23505".equals(s.getSQLState())) return true;
    }
    return false;
  }
}
