package dev.paperboy.web;

import dev.paperboy.token.Purpose;
import dev.paperboy.token.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Double opt-in links: {@code {base}/confirm/{token}}, the token signed for {@link Purpose#CONFIRM} over
 * the subscriber id and the link's expiry ({@code web.confirm_ttl} after it was made), so that an old
 * link stops working without anything being stored.
 */
final class ConfirmTokens {
  /** A genuine confirm token. */
  record Verified(String subscriberId, Instant expires) {
    boolean expiredAt(Instant now) {
      return !now.isBefore(expires);
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

  String url(String subscriberId) {
    Instant expires = clock.instant().plus(ttl);
    return baseUrl + "/confirm/" + tokens.sign(Purpose.CONFIRM, subscriberId + "|" + expires.getEpochSecond());
  }

  /** The id and expiry of a genuine token (expired or not); empty for anything forged, altered or malformed. */
  Optional<Verified> verify(String token) {
    return tokens.verify(Purpose.CONFIRM, token).flatMap(payload -> {
      int bar = payload.indexOf('|');
      if (bar <= 0) return Optional.empty();
      try {
        return Optional.of(new Verified(payload.substring(0, bar),
            Instant.ofEpochSecond(Long.parseLong(payload.substring(bar + 1)))));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    });
  }
}
