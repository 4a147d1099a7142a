package dev.paperboy.cli;

import dev.paperboy.deliver.Composed;
import dev.paperboy.deliver.Composer;
import dev.paperboy.deliver.DigestCycle;
import dev.paperboy.select.EmailAddress;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.TopicFile;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "send",
    description = {
      "Run one digest cycle now, as the scheduler would, and deliver it.",
      "Through the same code path as the scheduler: select and render the digests of every subscriber due"
          + " today (or of one), queue them in the outbox, then deliver every queued message. A second cycle for"
          + " the same date queues nothing new.",
      "Exit code 1 when a message failed or waits for a retry (see `paperboy status`)."
    })
final class SendCommand extends BaseCommand {

  @Option(names = "--subscriber", paramLabel = "EMAIL",
      description = "Only this subscriber (due or not by their frequency).")
  String email;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD",
      description = "The digest date (default: today in each subscriber's time zone).")
  LocalDate date;

  @Option(names = "--dry-run", description = "Select and render, show who would get what; store and send nothing.")
  boolean dryRun;

  @Option(names = "--topics", paramLabel = "FILE", description = "The topic file (default: topics.file from the configuration).")
  Path topics;

  @Override
  public Integer call() {
    TopicFile file = topics != null ? app().topicFile(topics) : app().topicFile();
    String key = email == null ? null : EmailAddress.key(email);
    Predicate<Subscriber> who = key == null ? s -> true : s -> s.emailKey().equals(key);
    DigestCycle.Request request = new DigestCycle.Request(who, date, key == null, dryRun);
    Composer.Report composed = app().cycle().compose(file, request, this::show);
    if (key != null && composed.composed() == 0) {
      err().println("no active subscriber " + email + " (see `paperboy subscribers`)");
      return ExitCodes.BAD_INPUT;
    }
    out().printf("composed %s (%d with nothing new for the subscriber)%s%n", Nouns.count(composed.composed(), "digest"),
        composed.empty(),
        dryRun ? "; dry run: nothing stored" : ", " + composed.queued() + " new in the outbox"
            + (composed.queued() < composed.composed() ? " (a subscriber's digest of a date is queued only once)" : ""));
    if (dryRun) return ExitCodes.OK;
    return Delivering.drainAndReport(app(), out(), err());
  }

  private void show(Composed c) {
    if (!dryRun && !verbose()) return;
    out().printf("%s  %s  %s%n", c.digestDate(), c.email(),
        c.isEmpty() ? "nothing new" : Nouns.count(c.paperIds().size(), "paper") + ": " + c.body().subject());
  }
}
