package dev.paperboy.cli;

import dev.paperboy.deliver.Outbox;
import dev.paperboy.deliver.TopicFileSync;
import dev.paperboy.select.Audience;
import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.SubscriberStore;
import dev.paperboy.select.TopicFile;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "resend",
    description = {
      "Send a digest again, or every failed message.",
      "One subscriber's digest of one date goes out identical to the original (same body, same Message-ID,"
          + " from the outbox) and is recorded as a resend.",
      "Nothing goes to a subscriber who unsubscribed, is paused or has not confirmed: --subscriber refuses"
          + " (exit 2), and --failed cancels their failed messages instead of queuing them."
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
    // the topic file pauses and resumes its subscribers: what it says now decides, as it does for send
    TopicFile file = app().topicFile();
    TopicFileSync sync = new TopicFileSync(new Audience(app().database().jdbi(), app().clock()), outbox);
    sync.sync(file);
    if (target.failed) {
      Outbox.Requeued r = outbox.requeueFailed(since == null ? Instant.EPOCH : since.atStartOfDay(ZoneOffset.UTC).toInstant());
      // the outbox knows who may get mail, not whom the file lists: a failed row of one taken out of it came back too
      int unlisted = sync.cancelForUnlisted(file);
      Map<String, Integer> cancelled = new TreeMap<>(r.cancelled());
      if (unlisted > 0) cancelled.put("unlisted", unlisted);
      // (another process may have queued mail for someone unlisted in between: never a count below zero)
      out().println(Nouns.count(Math.max(0, r.queued() - unlisted), "failed message") + " queued again");
      if (!cancelled.isEmpty()) out().println(cancelled(cancelled));
    } else {
      Optional<StoredSubscriber> s = app().database().jdbi().withHandle(h -> new SubscriberStore(h).byEmail(target.one.email));
      if (s.isEmpty()) {
        err().println("no subscriber " + target.one.email);
        return ExitCodes.BAD_INPUT;
      }
      Optional<String> refusal = refusal(s.get(), file);
      if (refusal.isPresent()) {
        err().println(refusal.get());
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

  /**
   * Why nothing may go to this subscriber now, if so. Only an active subscriber gets a digest again:
   * one who unsubscribed asked for no more mail, a paused one for none until they resume (the operator
   * can resume them: their manage page, or paused: false in the topic file), and an unconfirmed one
   * has not shown the address is theirs. One the topic file brought in and no longer lists was taken
   * out of it: send composes nothing for them any more, and resend does not either.
   */
  private static Optional<String> refusal(StoredSubscriber s, TopicFile file) {
    String who = s.email();
    return switch (s.status()) {
      case ACTIVE -> s.origin() == Subscriber.Origin.FILE && !file.lists(who)
          ? Optional.of(who + " is no longer in the topic file (" + file.file() + "): nothing is sent to them; nothing"
              + " queued")
          : Optional.empty();
      case UNSUBSCRIBED -> Optional.of(who + " unsubscribed" + (s.unsubscribedAt() == null ? ""
          : " on " + s.unsubscribedAt().atOffset(ZoneOffset.UTC).toLocalDate()) + ": nothing is sent to them; nothing queued");
      case PAUSED -> Optional.of(who + " is paused: nothing is sent to them until they resume; nothing queued");
      case PENDING -> Optional.of(who + " has not confirmed their address: nothing is sent to them; nothing queued");
      case BOUNCED -> Optional.of(who + " refused our mail for good too often (bounced): nothing is sent to them"
          + " until they confirm again or `paperboy reactivate` them; nothing queued");
    };
  }

  /** "2 cancelled instead: their subscriber unsubscribed (1), is paused (1)", from counts by the subscriber's status. */
  private static String cancelled(Map<String, Integer> byStatus) {
    StringJoiner why = new StringJoiner(", ");
    byStatus.forEach((status, n) -> why.add(switch (status) {
      case "paused" -> "is paused";
      case "pending" -> "has not confirmed";
      case "active" -> "has confirmed since (a confirmation mail)";
      case "unlisted" -> "is no longer in the topic file";
      default -> status; // unsubscribed, bounced
    } + " (" + n + ")"));
    return byStatus.values().stream().mapToInt(Integer::intValue).sum() + " cancelled instead: their subscriber " + why;
  }
}
