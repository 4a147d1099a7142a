package dev.paperboy.deliver;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One row of the outbox: a digest (or a resend of one, or a web sign-up's confirmation mail) for one
 * subscriber and date, and its delivery state.
 */
public record OutboxRow(
    long id,
    String publicId,
    String subscriberId,
    String email,
    LocalDate digestDate,
    Instant windowEnd,
    Long bodyId,
    Map<String, String> recipient,
    List<String> paperIds,
    String messageId,
    Kind kind,
    int resendNo,
    Long resendOf,
    Status status,
    int attempts,
    Instant nextAttemptAt,
    String leaseOwner,
    Instant leaseUntil,
    String lastError,
    Instant createdAt,
    Instant queuedAt,
    Instant sentAt) {

  /** Recipient value: the subscriber's display name (may be empty). */
  public static final String NAME = "name";
  /** Recipient value: the subscriber's one-click unsubscribe URL. */
  public static final String UNSUBSCRIBE_URL = "unsubscribe_url";

  public OutboxRow {
    recipient = Map.copyOf(recipient);
    paperIds = List.copyOf(paperIds);
  }

  public String recipientName() {
    return recipient.getOrDefault(NAME, "");
  }

  public String unsubscribeUrl() {
    return recipient.getOrDefault(UNSUBSCRIBE_URL, "");
  }

  OutboxRow leased(String owner, Instant until) {
    return new OutboxRow(id, publicId, subscriberId, email, digestDate, windowEnd, bodyId, recipient, paperIds,
        messageId, kind, resendNo, resendOf, Status.SENDING, attempts, nextAttemptAt, owner, until, lastError,
        createdAt, queuedAt, sentAt);
  }

  public enum Kind {
    DIGEST,
    RESEND,
    /** A web sign-up's confirmation mail (or, for an address already subscribed, its manage link). */
    CONFIRM;

    public String sql() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Kind of(String sql) {
      return valueOf(sql.toUpperCase(Locale.ROOT));
    }
  }

  public enum Status {
    /** Waiting for its next attempt (retries are queued rows with attempts &gt; 0). */
    QUEUED,
    /** Claimed by a sender until lease_until. */
    SENDING,
    SENT,
    /** Permanently refused, or temporary failures up to delivery.max_attempts. */
    FAILED,
    /** Not sent within delivery.max_age of being queued. */
    EXPIRED,
    /** The subscriber unsubscribed before it went out. */
    CANCELLED,
    /** Nothing to send that day; recorded so the subscriber's window advances. */
    EMPTY;

    public String sql() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Status of(String sql) {
      return valueOf(sql.toUpperCase(Locale.ROOT));
    }
  }
}
