package dev.paperboy.cli;

import dev.paperboy.deliver.Outbox;
import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.select.SubscriberStore;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "resend",
    description = {
      "Send a digest again, or every failed message.",
      "One subscriber's digest of one date goes out identical to the original (same body, same Message-ID,"
          + " from the outbox) and is recorded as a resend."
    })
final class ResendCommand extends BaseCommand {

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @ArgGroup(exclusive = false)
    One one;

    @Option(names = "--failed", required = true, description = "Retry every failed message.")
    boolean failed;
  }

  static final class One {
    @Option(names = "--subscriber", required = true, paramLabel = "EMAIL", description = "The subscriber's email address.")
    String email;

    @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "The digest's date.")
    LocalDate date;
  }

  @Option(names = "--since", paramLabel = "YYYY-MM-DD",
      description = "With --failed: only messages that failed on or after this day (UTC).")
  LocalDate since;

  @Override
  public Integer call() {
    Outbox outbox = app().outbox();
    if (target.failed) {
      int n = outbox.requeueFailed(since == null ? java.time.Instant.EPOCH : since.atStartOfDay(ZoneOffset.UTC).toInstant());
      out().println(n + " failed messages queued again");
    } else {
      Optional<StoredSubscriber> s = app().database().jdbi().withHandle(h -> new SubscriberStore(h).byEmail(target.one.email));
      if (s.isEmpty()) {
        err().println("no subscriber " + target.one.email);
        return ExitCodes.BAD_INPUT;
      }
      if (outbox.resend(s.get().id(), target.one.date).isEmpty()) {
        err().println("no digest for " + target.one.email + " on " + target.one.date + " to resend");
        return ExitCodes.BAD_INPUT;
      }
      out().println("resending the digest of " + target.one.date + " to " + s.get().email());
    }
    return Delivering.drainAndReport(app(), out(), err());
  }
}
