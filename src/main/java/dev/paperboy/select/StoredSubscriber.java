package dev.paperboy.select;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A row of the {@code subscriber} table: who someone is to Paperboy, beyond their preferences.
 *
 * @param id     opaque and stable: links, tokens and the outbox name subscribers by it, never by address
 * @param prefs  JSON preferences of a web subscriber (see {@link Prefs}); null for file subscribers
 */
public record StoredSubscriber(
    String id,
    String email,
    String name,
    Subscriber.Origin origin,
    Status status,
    String prefs,
    Instant createdAt,
    Instant updatedAt,
    Instant confirmedAt,
    Instant unsubscribedAt) {

  public enum Status {
    /** Signed up on the web, confirmation mail not yet clicked. */
    PENDING,
    /** Gets digests. */
    ACTIVE,
    /** Kept, but gets nothing ({@code paused: true} in the topic file, or paused on the web). */
    PAUSED,
    /** Unsubscribed (one click in a digest, or on the web): wins over the topic file. */
    UNSUBSCRIBED,
    /**
     * Gets nothing: their address refused mail for good too often ({@code delivery.bounce_limit}). Wins
     * over the topic file; lifted by confirming again on the web or by {@code paperboy reactivate}.
     */
    BOUNCED;

    String sql() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Status of(String sql) {
      return valueOf(sql.toUpperCase(Locale.ROOT));
    }
  }

  public StoredSubscriber {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(email, "email");
    name = name == null ? "" : name;
  }

  public String emailKey() {
    return emailKey(email);
  }

  /** One key per mailbox: see {@link EmailAddress#key(String)}. */
  public static String emailKey(String email) {
    return EmailAddress.key(email);
  }
}
