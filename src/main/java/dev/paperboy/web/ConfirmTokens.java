package dev.paperboy.web;

import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.token.Purpose;
import dev.paperboy.token.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Double opt-in links: {@code {base}/confirm/{token}}, the token signed for {@link Purpose#CONFIRM} over
 * the subscriber id, the link's expiry ({@code web.confirm_ttl} after it was made), so that an old link
 * stops working without anything being stored, and the {@link ChoiceFingerprint} of the pending choice
 * it was mailed for, so that it confirms that choice and no later one.
 */
final class ConfirmTokens {
  /**
   * A genuine confirm token.
   *
   * @param choice the fingerprint of the choice it was mailed for; null in a link made before links
   *               carried one, which cannot say what it was for and so confirms nothing
   */
  record Verified(String subscriberId, Instant expires, String choice) {
    boolean expiredAt(Instant now) {
      return !now.isBefore(expires);
    }

    /** Whether the row's pending choice is the one this link was mailed for. */
    boolean isFor(StoredSubscriber row) {
      return choice != null && choice.equals(ChoiceFingerprint.of(row));
    }
  }

  private final Tokens tokens;
  private final String baseUrl;
  private final Duration ttl;
  private final Clock clock;

  ConfirmTokens(Tokens tokens, String baseUrl, Duration ttl, Clock clock) {
    this.tokens = tokens;
    this.baseUrl = baseUrl.strip().replaceAll("/+$", "");
    this.ttl = ttl;
    this.clock = clock;
  }

  /** The link that confirms {@code pending} as it is now. */
  String url(StoredSubscriber pending) {
    Instant expires = clock.instant().plus(ttl);
    return baseUrl + "/confirm/" + tokens.sign(Purpose.CONFIRM,
        pending.id() + "|" + expires.getEpochSecond() + "|" + ChoiceFingerprint.of(pending));
  }

  /** What a genuine token says (expired or not); empty for anything forged, altered or malformed. */
  Optional<Verified> verify(String token) {
    return tokens.verify(Purpose.CONFIRM, token).flatMap(payload -> {
      String[] parts = payload.split("\\|", -1);
      if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty()) return Optional.empty();
      try {
        return Optional.of(new Verified(parts[0], Instant.ofEpochSecond(Long.parseLong(parts[1])),
            parts.length == 3 ? parts[2] : null));
      } catch (NumberFormatException | java.time.DateTimeException e) {
        return Optional.empty();
      }
    });
  }
}
