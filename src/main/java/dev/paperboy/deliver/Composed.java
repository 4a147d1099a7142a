package dev.paperboy.deliver;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One subscriber's digest for one date, ready to be put in the outbox: what composition (selection +
 * rendering) hands to delivery, in plain values.
 *
 * @param subscriberId the subscriber store's id
 * @param digestDate   the subscriber's local date the digest is for; at most one digest per subscriber and date
 * @param windowEnd    the instant the selection was made as of (the next digest starts after it)
 * @param body         the rendered templates; null when there is nothing to send (the row is stored as
 *                     'empty' so the window still advances)
 * @param recipient    per-recipient values: {@link OutboxRow#NAME}, {@link OutboxRow#UNSUBSCRIBE_URL} and
 *                     whatever the personaliser needs
 * @param paperIds     the papers in the digest: they count as sent once its row is (and while it is queued)
 */
public record Composed(
    String subscriberId,
    String email,
    LocalDate digestDate,
    Instant windowEnd,
    DigestBody body,
    Map<String, String> recipient,
    List<String> paperIds) {

  public Composed {
    Objects.requireNonNull(subscriberId, "subscriberId");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(digestDate, "digestDate");
    Objects.requireNonNull(windowEnd, "windowEnd");
    recipient = Map.copyOf(recipient);
    paperIds = List.copyOf(paperIds);
  }

  /** A digest with no papers that is not to be sent: recorded so the subscriber's window advances. */
  public static Composed empty(String subscriberId, String email, LocalDate digestDate, Instant windowEnd) {
    return new Composed(subscriberId, email, digestDate, windowEnd, null, Map.of(), List.of());
  }

  public boolean isEmpty() {
    return body == null;
  }
}
