package dev.paperboy.cli;

import dev.paperboy.catalog.Catalog;
import dev.paperboy.config.ConfigLoader;
import dev.paperboy.config.PaperboyConfig;
import dev.paperboy.storage.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The services a command uses, each made on first use and closed when the command ends. */
public final class AppContext implements AutoCloseable {
  private final ConfigLoader loader;
  private final Path configFile;
  private final boolean configRequired;
  private final Clock clock;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private PaperboyConfig config;
  private Database database;

  AppContext(Map<String, String> env, Path home, Path configFile, Clock clock) {
    this.loader = new ConfigLoader(env, home);
    this.configRequired = configFile != null;
    this.configFile = configFile != null ? configFile : loader.home().resolve(PaperboyCommand.DEFAULT_CONFIG);
    this.clock = clock;
  }

  public PaperboyConfig config() {
    if (config == null) config = loader.load(configFile, configRequired);
    return config;
  }

  public Clock clock() {
    return clock;
  }

  public Database database() {
    if (database == null) {
      PaperboyConfig.Storage s = config().storage();
      database = Database.open(s.url(), s.username(), s.password(), s.poolSize(), config().home());
      closeables.add(database);
    }
    return database;
  }

  public Catalog catalog() {
    return new Catalog(database().jdbi(), clock);
  }

  /** Closes something the command opened, when the command ends, after everything opened later. */
  public <T extends AutoCloseable> T closeLater(T resource) {
    closeables.add(resource);
    return resource;
  }

  @Override
  public void close() {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception ignored) {
        // closing is best effort; the command's result is already decided
      }
    }
    closeables.clear();
  }
}
