package dev.paperboy.cli;

import dev.paperboy.catalog.Paper;
import dev.paperboy.config.ConfigException;
import dev.paperboy.config.Problem;
import dev.paperboy.select.CatalogView;
import dev.paperboy.select.PaperLookup;
import dev.paperboy.select.TopicFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "topics", description = "Work with the topic file (subscribers and their topics).",
    subcommands = {TopicsCommand.Check.class})
final class TopicsCommand extends BaseCommand {

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'paperboy topics check'");
  }

  @Command(name = "check", description = {
      "Check the topic file and report every problem as FILE:LINE:COLUMN: message.",
      "Changes nothing. Exit code 2 when there is any error; warnings alone still exit 0."})
  static final class Check extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
        description = "The topic file (default: topics.file from the configuration, config/topics.yaml).")
    Path file;

    @Option(names = "--no-catalog",
        description = "Do not look up the papers named in like: lists in the catalog (the database is not opened).")
    boolean noCatalog;

    @Override
    public Integer call() {
      Path path = file != null ? file : app().config().resolve(app().config().topics().file());
      LazyCatalog catalog = noCatalog ? null : new LazyCatalog(app());
      TopicFile topics;
      try {
        topics = TopicFile.load(path, catalog == null ? PaperLookup.NONE : catalog);
      } catch (ConfigException e) {
        List<Problem> problems = e.problems();
        problems.forEach(p -> err().println(p));
        if (catalog != null && catalog.failure != null) err().println(catalog.failure);
        long errors = problems.stream().filter(Problem::isError).count();
        err().println(path + ": " + Nouns.count(errors, "error") + ", " + Nouns.count(problems.size() - errors, "warning"));
        return ExitCodes.BAD_INPUT;
      }
      topics.warnings().forEach(p -> err().println(p));
      if (catalog != null && catalog.failure != null) err().println(catalog.failure);
      long paused = topics.entries().stream().filter(TopicFile.Entry::paused).count();
      long inline = topics.subscribers().stream().flatMap(s -> s.topics().stream())
          .filter(t -> !topics.topics().containsKey(t.key())).map(t -> t.key()).distinct().count();
      out().println(path + ": ok: " + Nouns.count(topics.entries().size(), "subscriber")
          + (paused > 0 ? " (" + paused + " paused)" : "") + ", " + Nouns.count(topics.topics().size(), "topic")
          + (inline > 0 ? " (and " + inline + " inline)" : "") + ", " + Nouns.count(topics.warnings().size(), "warning"));
      return ExitCodes.OK;
    }
  }

  /**
   * Opens the database only if the file has {@code like:} entries to look up; if it cannot be opened,
   * the check goes on without it and says so.
   */
  private static final class LazyCatalog implements PaperLookup {
    private final AppContext app;
    private CatalogView view;
    private String failure;

    LazyCatalog(AppContext app) {
      this.app = app;
    }

    @Override
    public Optional<Paper> find(String reference) {
      if (failure != null) return Optional.empty();
      try {
        if (view == null) view = CatalogView.of(app.database().jdbi());
        return view.find(reference);
      } catch (RuntimeException e) {
        failure = "warning: like: entries not checked: the catalog cannot be opened: " + ErrorReporter.describe(e);
        return Optional.empty();
      }
    }

    @Override
    public boolean available() {
      return failure == null;
    }
  }
}
