package dev.paperboy.cli;

import dev.paperboy.config.Durations;
import dev.paperboy.config.PaperboyConfig;
import dev.paperboy.deliver.Retention;
import dev.paperboy.storage.Database;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "prune",
    description = {"Delete finished outbox rows older than storage.keep.",
        "Finished: sent, failed, expired, cancelled and empty digests, resends and confirmation mails; the"
            + " digest bodies no row uses any more go with them. Rows still queued or being sent stay, and so"
            + " does each subscriber's latest digest (their next one starts where it ended). serve does this"
            + " every day, at the time storage.prune_cron names. A pruned digest can no longer be resent or"
            + " viewed in a browser. Refusals of addresses and spam complaints go too once older than both"
            + " storage.keep and delivery.bounce_window.",
        "H2 reuses the space of deleted rows but does not give it back: --compact rewrites the file"
            + " smaller, when no other process (such as serve) has the database open."})
final class PruneCommand extends BaseCommand {

  @Option(names = "--keep", paramLabel = "DURATION",
      description = "Keep rows this long instead of storage.keep, e.g. 90d (at least 40d).")
  String keep;

  @Option(names = "--dry-run", description = "Count the rows that would be deleted; delete nothing.")
  boolean dryRun;

  @Option(names = "--compact",
      description = "H2 only: then rewrite the database file without the free space (SHUTDOWN COMPACT). Exit code 1"
          + " when another process has the database open.")
  boolean compact;

  @Override
  public Integer call() {
    if (compact && dryRun) {
      err().println("--compact rewrites the database file: not with --dry-run");
      return ExitCodes.BAD_INPUT;
    }
    if (compact && app().database().h2File().isEmpty()) {
      err().println("--compact is for an H2 file database; PostgreSQL's autovacuum reuses the space (VACUUM FULL"
          + " gives it back)");
      return ExitCodes.BAD_INPUT;
    }
    Duration kept;
    if (keep == null) {
      kept = app().config().storage().keep();
      if (kept.isZero()) {
        out().println("storage.keep is 0d: everything is kept, nothing pruned (--keep DURATION prunes once)");
        return compact ? compact() : ExitCodes.OK;
      }
    } else {
      try {
        kept = Durations.parse(keep);
      } catch (IllegalArgumentException e) {
        err().println("--keep: " + e.getMessage());
        return ExitCodes.BAD_INPUT;
      }
      if (kept.isZero()) {
        err().println("--keep: 0d would keep nothing; to keep everything, set storage.keep: 0d (then nothing is pruned)");
        return ExitCodes.BAD_INPUT;
      }
      Optional<String> problem = PaperboyConfig.Storage.keepProblem(kept);
      if (problem.isPresent()) {
        err().println("--keep: " + problem.get());
        return ExitCodes.BAD_INPUT;
      }
    }
    ProgressBar bar = ProgressBar.onStderr(err(), dryRun ? "counting" : "pruning");
    long started = System.nanoTime();
    Retention.Pruned p;
    try {
      p = app().retention().prune(kept, dryRun, bar);
    } finally {
      bar.finish();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    String logs = Nouns.count(p.refusals(), "refusal") + " and " + Nouns.count(p.complaints(), "complaint")
        + " recorded before " + p.logsBefore().truncatedTo(ChronoUnit.SECONDS);
    if (dryRun) {
      out().printf("%s dated before %s would be deleted (dry run: nothing deleted)%n",
          Nouns.count(p.outbox().rows(), "row"), p.outbox().before());
      out().printf("%s would be deleted too%n", logs);
    } else {
      out().printf("deleted %s dated before %s, and %s no row uses any more (%.1f s)%n",
          Nouns.count(p.outbox().rows(), "row"), p.outbox().before(), Nouns.count(p.outbox().bodies(), "body"), seconds);
      out().printf("deleted %s%n", logs);
    }
    return compact ? compact() : ExitCodes.OK;
  }

  private int compact() {
    long started = System.nanoTime();
    Optional<Database.Compacted> c = app().database().compact();
    if (c.isEmpty()) {
      err().println("not compacted: another process has the database open (is serve running? stop it first)");
      return ExitCodes.FAILURE;
    }
    out().printf("compacted %s: %,.1f MB -> %,.1f MB (%.1f s)%n", c.get().file(), c.get().bytesBefore() / 1e6,
        c.get().bytesAfter() / 1e6, (System.nanoTime() - started) / 1e9);
    return ExitCodes.OK;
  }
}
