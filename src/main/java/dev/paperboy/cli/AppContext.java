package dev.paperboy.cli;

import dev.paperboy.catalog.Catalog;
import dev.paperboy.catalog.Ingestion;
import dev.paperboy.source.SourceReader;
import dev.paperboy.config.ConfigException;
import dev.paperboy.config.Location;
import dev.paperboy.deliver.DigestCycle;
import dev.paperboy.deliver.DigestPersonaliser;
import dev.paperboy.deliver.Dispatcher;
import dev.paperboy.deliver.MailTransports;
import dev.paperboy.deliver.BounceLog;
import dev.paperboy.deliver.Bounces;
import dev.paperboy.deliver.Complaints;
import dev.paperboy.deliver.DkimMessageSigner;
import dev.paperboy.deliver.MessageBuilder;
import dev.paperboy.deliver.Outbox;
import dev.paperboy.deliver.RateLimiter;
import dev.paperboy.deliver.Retention;
import dev.paperboy.deliver.UnsubscribeRequests;
import dev.paperboy.render.DigestRenderer;
import dev.paperboy.render.RenderCache;
import dev.paperboy.select.Audience;
import dev.paperboy.select.Selector;
import dev.paperboy.render.Links;
import dev.paperboy.select.CatalogView;
import dev.paperboy.select.TopicFile;
import dev.paperboy.token.SecretFile;
import dev.paperboy.token.Tokens;
import java.io.PrintWriter;
import java.nio.file.Files;
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
  private final PrintWriter warnings;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  /** Where the generated token secret is kept when web.secrets is empty. */
  static final String GENERATED_SECRET = "data/token-secret";

  private PaperboyConfig config;
  private Database database;
  private Tokens tokens;
  private DigestRenderer renderer;
  private Outbox outbox;

  AppContext(Map<String, String> env, Path home, Path configFile, Clock clock) {
    this(env, home, configFile, clock, null);
  }

  AppContext(Map<String, String> env, Path home, Path configFile, Clock clock, PrintWriter warnings) {
    this(env, home, configFile != null ? configFile : home.toAbsolutePath().resolve(PaperboyCommand.DEFAULT_CONFIG),
        configFile != null, clock, warnings);
  }

  /**
   * @param configFile     the user's file, or null for the built-in defaults alone
   * @param configRequired whether a missing file is an error
   */
  AppContext(Map<String, String> env, Path home, Path configFile, boolean configRequired, Clock clock) {
    this(env, home, configFile, configRequired, clock, null);
  }

  /**
   * @param warnings where the configuration's warnings are printed (a command's stderr); null: logged
   */
  AppContext(Map<String, String> env, Path home, Path configFile, boolean configRequired, Clock clock,
      PrintWriter warnings) {
    this.loader = new ConfigLoader(env, home);
    this.configFile = configFile;
    this.configRequired = configRequired;
    this.clock = clock;
    this.warnings = warnings;
  }

  /** Loaded once per command, so its warnings (a misspelt PAPERBOY_ variable, say) are printed once. */
  public PaperboyConfig config() {
    if (config == null) {
      config = warnings == null ? loader.load(configFile, configRequired)
          : loader.load(configFile, configRequired, warnings::println);
    }
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

  public Ingestion ingestion() {
    PaperboyConfig.Ingest i = config().ingest();
    return new Ingestion(new SourceReader(i.connectTimeout(), i.readTimeout()), catalog());
  }

  /** The topic file named by the configuration, validated; a broken one is a ConfigException with every problem. */
  public TopicFile topicFile() {
    return topicFile(config().resolve(config().topics().file()));
  }

  public TopicFile topicFile(Path file) {
    if (!Files.exists(file) && file.equals(config().resolve(config().topics().file()))) {
      Path example = file.resolveSibling("topics.example.yaml");
      throw new ConfigException(Location.of(file.toString()), "file not found"
          + (Files.exists(example) ? " (start from the example: cp " + example + " " + file + ")" : ""));
    }
    return TopicFile.load(file, CatalogView.of(database().jdbi()));
  }

  /** Link tokens: signed with web.secrets, or with a secret generated once under data/ when none is configured. */
  public Tokens tokens() {
    if (tokens == null) {
      String spec = config().web().secrets();
      tokens = spec.isBlank()
          ? Tokens.of(SecretFile.loadOrCreate(config().resolve(GENERATED_SECRET)), config().resolve(GENERATED_SECRET).toString())
          : Tokens.of(spec, "web.secrets");
    }
    return tokens;
  }

  public DigestRenderer renderer() {
    if (renderer == null) renderer = DigestRenderer.fromConfig(config());
    return renderer;
  }

  public Links links() {
    return Links.from(config(), tokens());
  }

  /** One per process: it keeps what history reads of stored bodies for the next composition. */
  public synchronized Outbox outbox() {
    if (outbox == null) outbox = new Outbox(database(), clock, config().mail().domain(), nodeId());
    return outbox;
  }

  /** This process's name among the nodes sharing the database: serve.node_id, or host name and process id. */
  public String nodeId() {
    return Dispatcher.nodeId(config().serve().nodeId());
  }

  /** DKIM-signing when dkim.private_key is set; VERP envelope senders when mail.verp is on. */
  public MessageBuilder messageBuilder() {
    PaperboyConfig c = config();
    return new MessageBuilder(c.mail(), DkimMessageSigner.fromConfig(c), bounces());
  }

  /** Envelope senders: VERP addresses signed with the link secrets when mail.verp is on. */
  public Bounces bounces() {
    PaperboyConfig.Mail mail = config().mail();
    return Bounces.fromConfig(mail, mail.verp() ? tokens() : null);
  }

  /** The senders, with the configured transport, rate limits and retries. */
  public Dispatcher dispatcher() {
    PaperboyConfig c = config();
    return new Dispatcher(outbox(), MailTransports.fromConfig(c), messageBuilder(), new DigestPersonaliser(links()),
        RateLimiter.fromConfig(c.delivery()), Dispatcher.Settings.from(c.delivery()), bounceLog(), clock,
        nodeId());
  }

  /** Refusals of addresses, and the limit after which an address gets no more mail. */
  public BounceLog bounceLog() {
    return new BounceLog(outbox(), clock, BounceLog.Limit.from(config().delivery()));
  }

  /** Reports of our mail as spam; each unsubscribes its subscriber. */
  public Complaints complaints() {
    return new Complaints(outbox(), clock);
  }

  /** Mail to the List-Unsubscribe mailto address; each unsubscribes the subscriber of the message it names. */
  public UnsubscribeRequests unsubscribeRequests() {
    return new UnsubscribeRequests(outbox(), clock);
  }

  /** storage.keep: the outbox's finished rows and the logs of refusals and complaints. */
  public Retention retention() {
    return new Retention(outbox(), bounceLog(), complaints(), clock);
  }

  /** Composition: what both `send` and the scheduler run. */
  public DigestCycle cycle() {
    return new DigestCycle(outbox(), new Audience(database().jdbi(), clock), Selector.over(database().jdbi()),
        new RenderCache(renderer()), links(), clock);
  }

  /** Closes something the command opened, when the command ends, after everything opened later. */
  public <T extends AutoCloseable> T closeLater(T resource) {
    closeables.add(resource);
    return resource;
  }

  @Override
  public synchronized void close() {
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
