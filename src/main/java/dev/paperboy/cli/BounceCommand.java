package dev.paperboy.cli;

import dev.paperboy.config.Durations;
import dev.paperboy.config.Problem;
import dev.paperboy.deliver.BounceLog;
import dev.paperboy.deliver.Bounces;
import dev.paperboy.deliver.DeliveryReport;
import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.select.SubscriberStore;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "bounce",
    description = {
      "Record a message that came back to the bounce address (a delivery status notification).",
      "Reads one message from FILE, or from standard input: made to be the command a mail server pipes"
          + " the bounce address into (Postfix: an alias `bounce: \"|/opt/paperboy/paperboy bounce\"`).",
      "A recipient the report says failed for good because of the address (status 5.1.x or 5.2.x: no"
          + " such mailbox or domain, mailbox disabled or full) counts as one refusal of that subscriber's"
          + " address; delivery.bounce_limit of them within delivery.bounce_window stop their mail"
          + " (status bounced, see `paperboy reactivate`). Delays, policy refusals (5.7.x) and messages that"
          + " are no report are left alone, with a line saying so.",
      "With mail.verp on, the subscriber is the one the bounce address names (--recipient, else the"
          + " notification's X-Original-To, Delivered-To or To): nobody can report a refusal for someone"
          + " else. Without it, the report's Final-Recipient names them, so anyone able to mail the bounce"
          + " address could: turn VERP on where that matters."
    },
    exitCodeList = {
      "0:read: each refusal recorded, or nothing to record (said on standard output)",
      "1:runtime failure (database)",
      "2:the input cannot be read as a mail message"
    })
final class BounceCommand extends BaseCommand {

  @Parameters(arity = "0..1", paramLabel = "FILE", description = "The returned message (default: standard input).")
  Path file;

  @Option(names = "--recipient", paramLabel = "ADDRESS",
      description = "The address the message was delivered to (Postfix pipe: ${recipient}), e.g. bounce+TOKEN@domain.")
  String recipient;

  @Override
  public Integer call() {
    DeliveryReport report;
    try (InputStream in = file == null ? System.in : Files.newInputStream(file)) {
      report = DeliveryReport.read(in);
    } catch (IOException | MessagingException e) {
      err().println((file == null ? "standard input" : file.toString()) + ": not a readable mail message: "
          + Problem.printable(String.valueOf(e.getMessage())));
      return ExitCodes.BAD_INPUT;
    }
    if (report.recipients().isEmpty()) {
      out().println("not a delivery status notification: nothing recorded");
      return ExitCodes.OK;
    }
    Bounces bounces = app().bounces();
    Optional<String> named = named(bounces, report);
    BounceLog log = app().bounceLog();
    for (DeliveryReport.Recipient r : report.recipients()) {
      String who = "'" + Problem.printable(r.address()) + "'";
      if (!r.refusesAddress()) {
        out().println(who + ": " + Problem.printable(r.action() + " " + r.status())
            + ": not a refusal of the address for good: nothing recorded");
        continue;
      }
      Optional<StoredSubscriber> s = subscriber(bounces, named, r);
      if (s.isEmpty()) {
        out().println(who + ": " + (bounces.verp() ? "the bounce address names no subscriber of ours"
            : "no such subscriber") + ": nothing recorded");
        continue;
      }
      BounceLog.Recorded done = log.record(s.get().id(), s.get().email(), null, BounceLog.Source.DSN, r.summary());
      out().println(s.get().email() + ": refused (" + Problem.printable(r.status()) + "), " + done.counted()
          + (log.limit().count() > 0 ? " of " + log.limit().count() : "") + " within "
          + Durations.format(log.limit().window())
          + (done.stopped() ? ": no more mail to them (bounced)" : ""));
    }
    return ExitCodes.OK;
  }

  /** With VERP, the subscriber the address the notification came to names. */
  private Optional<String> named(Bounces bounces, DeliveryReport report) {
    if (!bounces.verp()) return Optional.empty();
    List<String> candidates = new ArrayList<>();
    if (recipient != null) candidates.add(recipient);
    else candidates.addAll(report.envelopeTo());
    for (String a : candidates) {
      Optional<String> id = bounces.subscriberOf(a);
      if (id.isPresent()) return id;
    }
    return Optional.empty();
  }

  private Optional<StoredSubscriber> subscriber(Bounces bounces, Optional<String> named, DeliveryReport.Recipient r) {
    return app().database().jdbi().withHandle(h -> {
      SubscriberStore store = new SubscriberStore(h);
      if (bounces.verp()) return named.flatMap(store::byId);
      return r.address().isEmpty() ? Optional.empty() : store.byEmail(r.address());
    });
  }
}
