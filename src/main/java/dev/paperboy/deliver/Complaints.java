package dev.paperboy.deliver;

import dev.paperboy.select.SubscriberStore;
import dev.paperboy.storage.InsertRace;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All SQL of the {@code complaint} table, and the rule it serves: a subscriber who reported a message of
 * ours as spam gets no more mail. Mailing someone who said so again is the surest way into every
 * subscriber's spam folder: mailbox providers judge a sender by its complaint rate (Gmail asks bulk
 * senders to stay under 0.3%).
 */
public final class Complaints {
  private static final Logger LOG = LoggerFactory.getLogger(Complaints.class);

  /** The feedback types (RFC 5965, 6650) that are a recipient's complaint, not a virus or DMARC report. */
  public static final Set<String> TYPES = Set.of("abuse", "fraud");

  private final Jdbi jdbi;
  private final Outbox outbox;
  private final Clock clock;

  /** Complaints are stored in the outbox's database; the subscriber's queued mail is cancelled there. */
  public Complaints(Outbox outbox, Clock clock) {
    this.jdbi = outbox.jdbi();
    this.outbox = outbox;
    this.clock = clock;
  }

  /** Whether a report's Feedback-Type is a complaint about the message. */
  public static boolean isComplaint(String feedbackType) {
    return TYPES.contains(feedbackType.strip().toLowerCase(Locale.ROOT));
  }

  /**
   * Stores a complaint and unsubscribes the subscriber, cancelling their queued mail. A message counts
   * once: a second report of the same outbox row is not stored, even when both arrive at once (the
   * second insert breaks complaint_message_idx, and the second try finds the first).
   *
   * @return true when this unsubscribed them; false when they already were, or are not a subscriber any more
   */
  public boolean record(String subscriberId, String email, Long outboxId, String feedbackType) {
    Instant now = clock.instant();
    boolean unsubscribed = InsertRace.retry(2, () -> jdbi.inTransaction(h -> {
      boolean repeated = outboxId != null && h.createQuery("SELECT COUNT(*) FROM complaint WHERE subscriber_id = :subscriber"
              + " AND outbox_id = :outbox")
          .bind("subscriber", subscriberId)
          .bind("outbox", outboxId)
          .mapTo(Integer.class)
          .one() > 0;
      if (repeated) return false; // it unsubscribed them the first time
      h.createUpdate("INSERT INTO complaint (subscriber_id, email, outbox_id, feedback_type, reported_at)"
              + " VALUES (:subscriber, :email, :outbox, :type, :at)")
          .bind("subscriber", subscriberId)
          .bind("email", email)
          .bind("outbox", outboxId)
          .bind("type", feedbackType.strip().toLowerCase(Locale.ROOT))
          .bind("at", Outbox.ts(now))
          .execute();
      return new SubscriberStore(h).unsubscribe(subscriberId, now);
    }));
    if (unsubscribed) {
      outbox.cancelFor(subscriberId);
      LOG.warn("{} reported our mail as spam ({}): unsubscribed", email, feedbackType);
    }
    outbox.persist();
    return unsubscribed;
  }

  /** When each subscriber who ever complained (and whose complaint is still kept) last did. */
  public Map<String, Instant> latestBySubscriber() {
    return jdbi.withHandle(h -> h.createQuery("SELECT subscriber_id, MAX(reported_at) AS latest FROM complaint"
            + " GROUP BY subscriber_id")
        .map((rs, ctx) -> Map.entry(rs.getString("subscriber_id"), Outbox.instant(rs, "latest")))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
  }

  /** Complaints received since {@code since}. */
  public int count(Instant since) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM complaint WHERE reported_at > :since")
        .bind("since", Outbox.ts(since))
        .mapTo(Integer.class)
        .one());
  }

  /** Deletes (or with {@code dryRun} counts) the complaints received before {@code before}. */
  public int prune(Instant before, boolean dryRun) {
    String where = " FROM complaint WHERE reported_at < :before";
    return jdbi.withHandle(h -> dryRun
        ? h.createQuery("SELECT COUNT(*)" + where).bind("before", Outbox.ts(before)).mapTo(Integer.class).one()
        : h.createUpdate("DELETE" + where).bind("before", Outbox.ts(before)).execute());
  }
}
