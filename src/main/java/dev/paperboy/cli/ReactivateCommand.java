package dev.paperboy.cli;

import dev.paperboy.config.Problem;
import dev.paperboy.deliver.BounceLog;
import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.select.SubscriberStore;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "reactivate",
    description = {
      "Send again to addresses that were stopped for refusing mail (status bounced).",
      "An address is stopped once its mail server refused delivery.bounce_limit messages for good within"
          + " delivery.bounce_window (no such mailbox, no such domain, mailbox disabled or full). Reactivating"
          + " makes it active from the next digest on, and the refusals before now no longer count; it"
          + " prints the latest refusals first, so you can see what the server said.",
      "Only a bounced subscriber is changed: anyone else is left as they are, with a line saying why."
    },
    exitCodeList = {
      "0:every address given was reactivated",
      "1:runtime failure (database)",
      "2:an address is unknown or was not bounced (the others were reactivated)"
    })
final class ReactivateCommand extends BaseCommand {
  private static final int REFUSALS_SHOWN = 3;

  @Parameters(arity = "1..*", paramLabel = "EMAIL", description = "A subscriber's address.")
  List<String> emails;

  @Override
  public Integer call() {
    BounceLog log = app().bounceLog();
    int exit = ExitCodes.OK;
    for (String email : emails) {
      Optional<StoredSubscriber> s = app().database().jdbi().withHandle(h -> new SubscriberStore(h).byEmail(email));
      if (s.isEmpty()) {
        err().println("'" + Problem.printable(email) + "': no such subscriber");
        exit = ExitCodes.BAD_INPUT;
        continue;
      }
      StoredSubscriber row = s.get();
      for (BounceLog.Bounce b : log.latest(row.id(), REFUSALS_SHOWN)) {
        out().println("  " + b.at().atOffset(ZoneOffset.UTC).toLocalDate() + " " + b.source().name().toLowerCase(
            Locale.ROOT) + ": " + Problem.printable(b.reply()));
      }
      boolean done = app().database().jdbi().inTransaction(h -> new SubscriberStore(h).reactivate(row.id(),
          app().clock().instant()));
      app().outbox().persist();
      if (done) {
        out().println(row.email() + " is active again: the next digest goes to them");
      } else {
        err().println(row.email() + " was not bounced (status " + row.status().name().toLowerCase(Locale.ROOT)
            + "): nothing changed");
        exit = ExitCodes.BAD_INPUT;
      }
    }
    return exit;
  }
}
