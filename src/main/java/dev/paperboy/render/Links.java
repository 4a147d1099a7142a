package dev.paperboy.render;

import dev.paperboy.config.PaperboyConfig;
import dev.paperboy.select.Subscriber;
import dev.paperboy.token.Purpose;
import dev.paperboy.token.Tokens;
import java.util.Objects;

/**
 * The personal links in a digest, signed so that nobody can unsubscribe or manage someone else:
 * {@code {base}/unsubscribe/{token}}, {@code {base}/manage/{token}} (tokens on the subscriber id)
 * and {@code {base}/digest/{token}} (a token on the id of the stored digest).
 */
public final class Links {
  /** The digest id of {@code paperboy preview}'s links: a preview is never stored, so there is nothing to view. */
  public static final String PREVIEW_DIGEST = "preview";
  private final String baseUrl;
  private final Tokens tokens;

  /** @param baseUrl {@code web.base_url}; a trailing slash is ignored */
  public Links(String baseUrl, Tokens tokens) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl").strip().replaceAll("/+$", "");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  public static Links from(PaperboyConfig config, Tokens tokens) {
    return new Links(config.web().baseUrl(), tokens);
  }

  public String unsubscribe(String subscriberId) {
    return baseUrl + "/unsubscribe/" + tokens.sign(Purpose.UNSUBSCRIBE, required(subscriberId, "subscriber id"));
  }

  public String manage(String subscriberId) {
    return baseUrl + "/manage/" + tokens.sign(Purpose.MANAGE, required(subscriberId, "subscriber id"));
  }

  public String viewDigest(String digestId) {
    return baseUrl + "/digest/" + tokens.sign(Purpose.VIEW_DIGEST, required(digestId, "digest id"));
  }

  /** The per-recipient values for one stored subscriber and one stored digest. */
  public Recipient recipient(Subscriber subscriber, String digestId) {
    String id = required(subscriber.id(), "subscriber id (store the subscriber first)");
    return new Recipient(subscriber.email(), subscriber.name(), unsubscribe(id), manage(id), viewDigest(digestId));
  }

  private static String required(String value, String what) {
    if (value == null || value.isBlank()) throw new IllegalArgumentException(what + " is missing");
    return value;
  }
}
