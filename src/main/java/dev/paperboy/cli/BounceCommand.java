package dev.paperboy.cli;

import dev.paperboy.config.BadInput;
import dev.paperboy.config.Durations;
import dev.paperboy.config.Problem;
import dev.paperboy.deliver.BounceLog;
import dev.paperboy.deliver.Bounces;
import dev.paperboy.deliver.OutboxRow;
import dev.paperboy.deliver.ReturnedMail;
import dev.paperboy.deliver.UnsubscribeRequests;
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
      "Record a message that came back: a delivery status notification, a complaint or an unsubscribe request.",
      "Reads one message from FILE, or from standard input: made to be the command a mail server pipes"
          + " the bounce address, the unsubscribe address and the address a feedback loop reports to into"
          + " (Postfix: a pipe(8) service"
          + " running `/usr/bin/env PAPERBOY_HOME=/opt/paperboy /opt/paperboy/paperboy bounce --recipient"
          + " $${recipient}`; README shows it whole).",
      "A recipient a delivery report says failed for good because of the address (status 5.1.x or 5.2.x:"
          + " no such mailbox or domain, mailbox disabled or full) counts as one refusal of that subscriber's"
          + " address; delivery.bounce_limit of them within delivery.bounce_window stop their mail"
          + " (status bounced, see `paperboy reactivate`). Delays, policy refusals (5.7.x) and messages that"
          + " are no report are left alone, with a line saying so.",
      "A complaint (a feedback loop's report, ARF, of type abuse or fraud: the recipient marked the message"
          + " as spam) unsubscribes the subscriber of the message it returns, named by its Message-ID, at once;"
          + " so does mail to the List-Unsubscribe mailto address (mail.unsubscribe_mailto), whose subject"
          + " \"unsubscribe PUBLICID\" names the message it came from.",
      "With mail.verp on, a refusal counts for the subscriber the bounce address names (--recipient, else"
          + " the notification's X-Original-To, Delivered-To or To): nobody can report a refusal for someone"
          + " else. Without it, the returned message's Message-ID names them, else the report's"
          + " Final-Recipient, so anyone able to mail the bounce address could: turn VERP on where that matters."
    },
    exitCodeList = {
      "0:read: each refusal or complaint recorded, or nothing to record (said on standard output)",
      "2:the input cannot be read as a mail message",
      "75:not recorded now (database, configuration): a mail server that piped it in keeps the message and"
          + " tries again later (EX_TEMPFAIL)"
    })
final class BounceCommand extends BaseCommand {

  @Parameters(arity = "0..1", paramLabel = "FILE", description = "The returned message (default: standard input).")
  Path file;

  @Option(names = "--recipient", paramLabel = "ADDRESS",
      description = "The address the message was delivered to (Postfix pipe: $${recipient}), e.g. bounce+TOKEN@domain.")
  String recipient;

  @Override
  public Integer call() {
    ReturnedMail mail;
    try (InputStream in = file == null ? System.in : Files.newInputStream(file)) {
      mail = ReturnedMail.read(in);
    } catch (IOException | MessagingException e) {
      err().println((file == null ? "standard input" : file.toString()) + ": not a readable mail message: "
          + Problem.printable(String.valueOf(e.getMessage())));
      return ExitCodes.BAD_INPUT;
    }
    try {
      return record(mail);
    } catch (RuntimeException e) {
      // any other failure would make the mail server bounce the message for good: it would be lost
      err().println(e instanceof BadInput ? e.getMessage() : "paperboy: " + ErrorReporter.describe(e));
      err().println("not recorded now: exit " + ExitCodes.TRY_AGAIN_LATER
          + ", so that a mail server that piped it in keeps the message and tries again later");
      return ExitCodes.TRY_AGAIN_LATER;
    }
  }

  private int record(ReturnedMail mail) {
    Bounces bounces = app().bounces();
    Optional<String> named = named(bounces, mail);
    Optional<OutboxRow> original = mail.originalMessageId().isEmpty() ? Optional.empty()
        : app().outbox().findByMessageId(mail.originalMessageId());
    if (mail.isComplaint()) return complaint(mail, original.map(OutboxRow::subscriberId).or(() -> named), original);
    if (mail.recipients().isEmpty()) {
      if (mail.feedbackType().isEmpty()) {
        Optional<String> request = UnsubscribeRequests.publicId(mail.subject());
        if (request.isPresent()) return unsubscribe(request.get());
      }
      out().println(mail.feedbackType().isEmpty()
          ? "neither a delivery status notification, a complaint nor an unsubscribe request: nothing recorded"
          : "a feedback report of type '" + Problem.printable(mail.feedbackType())
              + "', not a complaint: nothing recorded");
      return ExitCodes.OK;
    }
    BounceLog log = app().bounceLog();
    for (ReturnedMail.Recipient r : mail.recipients()) {
      String who = "'" + Problem.printable(r.address()) + "'";
      if (!r.refusesAddress()) {
        out().println(who + ": " + Problem.printable(r.action() + " " + r.status())
            + ": not a refusal of the address for good: nothing recorded");
        continue;
      }
      Optional<StoredSubscriber> s = subscriber(bounces, named, original, r);
      if (s.isEmpty()) {
        out().println(who + ": " + (bounces.verp() ? "the bounce address names no subscriber of ours"
            : "no such subscriber") + ": nothing recorded");
        continue;
      }
      BounceLog.Recorded done = log.record(s.get().id(), s.get().email(), outboxId(original, s.get()),
          BounceLog.Source.DSN, r.summary());
      if (done.repeated()) {
        out().println(s.get().email() + ": this message's refusal was recorded already: not counted again");
        continue;
      }
      out().println(s.get().email() + ": refused (" + Problem.printable(r.status()) + "), " + done.counted()
          + (log.limit().count() > 0 ? " of " + log.limit().count() : "") + " within "
          + Durations.format(log.limit().window())
          + (done.stopped() ? ": no more mail to them (bounced)" : ""));
    }
    return ExitCodes.OK;
  }

  /** A report of our message as spam: its subscriber gets nothing more. */
  private int complaint(ReturnedMail mail, Optional<String> subscriberId, Optional<OutboxRow> original) {
    String type = Problem.printable(mail.feedbackType());
    Optional<StoredSubscriber> s =
        app().database().jdbi().withHandle(h -> subscriberId.flatMap(new SubscriberStore(h)::byId));
    if (s.isEmpty()) {
      out().println("a complaint (" + type + ") about a message that names no subscriber of ours"
          + (mail.originalMessageId().isEmpty() ? " (no Message-ID returned)" : "") + ": nothing recorded");
      return ExitCodes.OK;
    }
    boolean unsubscribed = app().complaints().record(s.get().id(), s.get().email(), outboxId(original, s.get()),
        mail.feedbackType());
    out().println(s.get().email() + ": reported our mail as spam (" + type + "): "
        + (unsubscribed ? "unsubscribed, no more mail to them" : "already unsubscribed"));
    return ExitCodes.OK;
  }

  /** Mail to the List-Unsubscribe mailto address: its subject names the message it came from. */
  private int unsubscribe(String publicId) {
    Optional<UnsubscribeRequests.Done> done = app().unsubscribeRequests().unsubscribe(publicId);
    out().println(done.map(d -> d.email() + ": asked to unsubscribe: "
            + (d.unsubscribed() ? "unsubscribed, no more mail to them" : "already unsubscribed"))
        .orElse("an unsubscribe request for a message that is none of ours: nothing recorded"));
    return ExitCodes.OK;
  }

  private static Long outboxId(Optional<OutboxRow> original, StoredSubscriber s) {
    return original.filter(o -> o.subscriberId().equals(s.id())).map(OutboxRow::id).orElse(null);
  }

  /** With VERP, the subscriber the address the notification came to names. */
  private Optional<String> named(Bounces bounces, ReturnedMail report) {
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

  /**
   * The subscriber a refusal counts for: with VERP the one the bounce address names; without, the one
   * the returned message was for, else the one with the report's recipient address.
   */
  private Optional<StoredSubscriber> subscriber(Bounces bounces, Optional<String> named, Optional<OutboxRow> original,
      ReturnedMail.Recipient r) {
    return app().database().jdbi().withHandle(h -> {
      SubscriberStore store = new SubscriberStore(h);
      if (bounces.verp()) return named.flatMap(store::byId);
      if (original.isPresent()) return store.byId(original.get().subscriberId());
      return r.address().isEmpty() ? Optional.empty() : store.byEmail(r.address());
    });
  }
}
