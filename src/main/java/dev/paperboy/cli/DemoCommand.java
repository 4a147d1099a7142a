package dev.paperboy.cli;

import dev.paperboy.catalog.IngestReport;
import dev.paperboy.catalog.Paper;
import dev.paperboy.config.ConfigException;
import dev.paperboy.config.Location;
import dev.paperboy.deliver.Composed;
import dev.paperboy.deliver.Composer;
import dev.paperboy.deliver.DigestCycle;
import dev.paperboy.deliver.Dispatcher;
import dev.paperboy.source.ParseContext;
import dev.paperboy.source.SourceException;
import dev.paperboy.source.SourceFormat;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    description = {
      "Show Paperboy at work on the bundled samples, end to end.",
      "With the built-in defaults: replay the three sample days of the daily-papers listing (ingest each, then"
          + " run that day's digest cycle) for the example topic file, deliver into a Maildir, and print who got"
          + " which papers and where to look.",
      "Everything goes under data/demo/ (recreated on every run); your own data is not touched."
    })
final class DemoCommand extends BaseCommand {
  static final String[] DAYS = {
    "daily-papers-listing-mar12.txt", "daily-papers-listing-mar13.txt", "daily-papers-listing-mar14.txt"
  };
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

  static final String DEFAULT_DIR = "data/demo";
  /** Written into the demo's folder: only a folder holding it (or nothing) is ever deleted. */
  static final String MARKER = ".paperboy-demo";
  /** What the demo writes; a default folder holding only these was made by a demo from before the marker. */
  private static final Set<String> OWN_FILES = Set.of(MARKER, "paperboy.mv.db", "paperboy.trace.db",
      "paperboy.lock.db", "maildir", "digest.html");

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = DEFAULT_DIR,
      description = "Where the demo's database and Maildir go (default: " + DEFAULT_DIR + "): a new or empty folder,"
          + " or one an earlier demo made.")
  Path dir;

  @Override
  public Integer call() throws IOException {
    PaperboyCommand root = (PaperboyCommand) spec.root().userObject();
    Path home = root.home().toAbsolutePath();
    Path assets = assets(home);
    Path demo = home.resolve(dir).normalize();
    if (!isDemoOrEmpty(demo, demo.equals(home.resolve(DEFAULT_DIR).normalize()))) {
      err().println("paperboy: " + demo + " holds files the demo did not make: give --dir a new or empty folder"
          + " (the demo deletes and recreates its folder on every run)");
      return ExitCodes.BAD_INPUT;
    }
    deleteTree(demo);
    Files.createDirectories(demo);
    Files.writeString(demo.resolve(MARKER), "made by paperboy demo: deleted and recreated on every run\n");
    Path maildir = demo.resolve("maildir");
    Map<String, String> env = new HashMap<>(root.env());
    env.put("PAPERBOY_STORAGE_URL", "jdbc:h2:file:" + demo.resolve("paperboy"));
    env.put("PAPERBOY_TOPICS_FILE", assets.resolve("config/topics.example.yaml").toString());
    env.put("PAPERBOY_TEMPLATES_DIR", assets.resolve("templates").toString());
    env.put("PAPERBOY_DELIVERY_TRANSPORT", "maildir");
    env.put("PAPERBOY_DELIVERY_MAILDIR", maildir.toString());
    env.put("PAPERBOY_WEB_SECRETS", "demo:paperboy-demo-secret-not-for-production");

    try (AppContext demoApp = new AppContext(env, home, null, false, app().clock())) {
      out().println("Paperboy demo: " + DAYS.length + " days of the daily-papers listing, the subscribers of "
          + home.relativize(assets.resolve("config/topics.example.yaml")) + ", delivered into " + home.relativize(maildir));
      long sent = 0;
      for (String day : DAYS) sent += replay(demoApp, assets.resolve("samples").resolve(day));
      out().println();
      out().println(Nouns.count(sent, "digest") + " delivered into the Maildir " + maildir);
      out().println("  read them with:   mutt -f " + maildir);
      Path html = firstHtml(demoApp, demo);
      if (html != null) out().println("  open one in a browser:   xdg-open " + html + "   (or file://" + html + ")");
      out().println("  see the outbox:   PAPERBOY_STORAGE_URL=jdbc:h2:file:" + demo.resolve("paperboy")
          + " ./paperboy status");
      out().println("Next: copy config/topics.example.yaml to config/topics.yaml, make it yours, and run ./paperboy send.");
    }
    return ExitCodes.OK;
  }

  private long replay(AppContext app, Path listing) {
    IngestReport ingested;
    try {
      ingested = app.ingestion().ingest(listing.toString(), SourceFormat.LISTING,
          new ParseContext(LocalDate.now(app.clock()), false));
    } catch (SourceException e) {
      throw new IllegalStateException("the bundled sample " + listing + " did not parse: " + e.getMessage(), e);
    }
    LocalDate date = latestListing(app);
    out().println();
    out().printf("%s: %s listed, %d new to the catalog%n", DAY.format(date),
        Nouns.count(ingested.added() + ingested.known(), "paper"), ingested.added());
    Map<String, String> titles = new HashMap<>();
    for (Paper p : app.catalog().papers(date)) titles.put(p.id(), p.title());
    List<Composed> composed = new ArrayList<>();
    app.cycle().compose(app.topicFile(),
        new DigestCycle.Request(s -> true, date, true, false), composed::add);
    composed.sort(Comparator.comparing(Composed::email));
    for (Composed c : composed) {
      if (c.isEmpty()) {
        out().printf("  %-24s nothing new on their topics%n", c.email());
        continue;
      }
      out().printf("  %-24s %d: %s%n", c.email(), c.paperIds().size(), shorten(titles.getOrDefault(c.paperIds().get(0), ""))
          + (c.paperIds().size() > 1 ? " and " + (c.paperIds().size() - 1) + " more" : ""));
    }
    long notDue = app.topicFile().entries().stream().filter(e -> !e.paused())
        .filter(e -> !e.subscriber().frequency().isDue(date)).count();
    if (notDue > 0) out().printf("  (%s not due on a %s by their frequency)%n", Nouns.count(notDue, "subscriber"),
        date.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH));
    Dispatcher.Summary s = app.dispatcher().drain(Dispatcher.Progress.NONE);
    if (s.failed() + s.retrying() > 0) throw new IllegalStateException("demo delivery failed: " + s);
    return s.sent();
  }

  private static LocalDate latestListing(AppContext app) {
    return app.catalog().papers(null).stream().map(Paper::lastListed).filter(d -> d != null)
        .max(Comparator.naturalOrder()).orElseThrow();
  }

  /** The HTML part of one delivered digest, saved where a browser can open it. */
  private static Path firstHtml(AppContext app, Path demo) throws IOException {
    var rows = app.outbox().statusCounts(null, null);
    if (rows.isEmpty()) return null;
    Path newDir = demo.resolve("maildir/new");
    try (Stream<Path> files = Files.list(newDir)) {
      Path first = files.sorted().findFirst().orElse(null);
      if (first == null) return null;
      Path out = demo.resolve("digest.html");
      Files.writeString(out, MaildirHtml.extract(first));
      return out;
    }
  }

  private static String shorten(String title) {
    return title.length() <= 70 ? title : title.substring(0, 69) + "…";
  }

  /** The bundled samples, templates and example topic file: under the home, else beside the jar. */
  static Path assets(Path home) {
    if (Files.isDirectory(home.resolve("samples"))) return home;
    try {
      Path jar = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path repo = jar.getParent() == null ? null : jar.getParent().getParent();
      if (repo != null && Files.isDirectory(repo.resolve("samples"))) return repo;
    } catch (URISyntaxException | RuntimeException ignored) {
      // fall through to the error below
    }
    throw new ConfigException(Location.of(home.resolve("samples").toString()),
        "the bundled samples are not here: run the demo from the Paperboy folder");
  }

  /**
   * Whether the folder may be deleted and recreated: it does not exist, is empty, or an earlier demo
   * made it. A mistyped --dir must never take someone's files with it.
   */
  private static boolean isDemoOrEmpty(Path dir, boolean isDefault) throws IOException {
    if (!Files.exists(dir)) return true;
    if (!Files.isDirectory(dir)) return false;
    if (Files.exists(dir.resolve(MARKER))) return true;
    try (Stream<Path> files = Files.list(dir)) {
      return files.allMatch(f -> isDefault && OWN_FILES.contains(f.getFileName().toString()));
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
