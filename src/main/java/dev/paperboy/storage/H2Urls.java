package dev.paperboy.storage;

import java.nio.file.Path;
import java.util.Locale;

/** Makes a user's H2 URL one Paperboy can rely on: an absolute file path and PostgreSQL-compatible settings. */
final class H2Urls {
  private static final String FILE = "jdbc:h2:file:";
  /**
   * PostgreSQL mode so that one set of migration scripts serves both databases; AUTO_SERVER so that a
   * command such as {@code paperboy status} can open the file while {@code paperboy serve} holds it.
   * (Commits that must survive a killed process are written at once by {@link Database#persist}; H2's
   * own WRITE_DELAY stays, since WRITE_DELAY=0 would stop its background compaction.)
   */
  private static final String[][] SETTINGS = {
    {"MODE", "PostgreSQL"}, {"DATABASE_TO_LOWER", "TRUE"}, {"DEFAULT_NULL_ORDERING", "HIGH"},
  };

  private H2Urls() {}

  static String complete(String url, Path home) {
    String u = url;
    String lower = u.toLowerCase(Locale.ROOT);
    boolean file = lower.startsWith(FILE) || (!lower.startsWith("jdbc:h2:mem:") && !lower.startsWith("jdbc:h2:tcp:")
        && !lower.startsWith("jdbc:h2:ssl:") && !lower.startsWith("jdbc:h2:zip:"));
    if (file) {
      String rest = lower.startsWith(FILE) ? u.substring(FILE.length()) : u.substring("jdbc:h2:".length());
      String path = path(rest);
      String options = rest.substring(path.length());
      if (!path.startsWith("~") && !Path.of(path).isAbsolute()) {
        path = home.resolve(path).toAbsolutePath().normalize().toString();
      }
      u = FILE + path + options;
      // A server socket only on loopback: see the static initialiser below.
      if (!has(u, "AUTO_SERVER")) u += ";AUTO_SERVER=TRUE";
    }
    for (String[] s : SETTINGS) {
      if (!has(u, s[0])) u += ";" + s[0] + "=" + s[1];
    }
    return u;
  }

  /** The data file of a {@link #complete completed} file URL ({@code PATH.mv.db}); null for any other H2 URL. */
  static Path dataFile(String completeUrl) {
    if (!completeUrl.startsWith(FILE)) return null;
    String path = path(completeUrl.substring(FILE.length()));
    if (path.startsWith("~")) path = System.getProperty("user.home") + path.substring(1);
    return Path.of(path + ".mv.db");
  }

  /** The database path at the start of what follows the URL's prefix, before its ;SETTINGS. */
  private static String path(String rest) {
    int semi = rest.indexOf(';');
    return semi < 0 ? rest : rest.substring(0, semi);
  }

  private static boolean has(String url, String key) {
    return url.toUpperCase(Locale.ROOT).contains(";" + key + "=");
  }

  static {
    // H2's AUTO_SERVER listens on every interface unless told otherwise; Paperboy never listens beyond loopback.
    if (System.getProperty("h2.bindAddress") == null) System.setProperty("h2.bindAddress", "127.0.0.1");
  }
}
