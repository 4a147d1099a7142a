package dev.paperboy.web;

import dev.paperboy.token.Purpose;
import dev.paperboy.token.Tokens;
import io.javalin.http.Context;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Stateless CSRF protection for the forms: a random value in a {@code SameSite=Strict}, HttpOnly cookie,
 * and in each form a hidden field signed (HMAC, {@link Purpose#CSRF}) over that value and the form's
 * path. A post is accepted only with both, matching, from this site: another site can neither read the
 * cookie nor make the browser send it, and a field taken from one page does not work on another. As a
 * second line, a post whose {@code Origin} is another site, or that the browser marks
 * {@code Sec-Fetch-Site: cross-site}, is refused outright. ({@code Origin: null} is no evidence either
 * way: our pages' {@code Referrer-Policy: no-referrer} makes browsers send it on same-site posts too.)
 *
 * <p>Posts to a page whose URL carries a secret token (confirm, manage) take only the second line,
 * {@link #fromThisSite}: the token already proves that the poster has the link, which another site's
 * page cannot know, so the cookie would add nothing there but lock out browsers that block cookies.
 * The sign-up form has no token: it keeps both. The one-click unsubscribe POST does not pass through
 * here at all: RFC 8058 posts come from mail providers, with no cookie and no {@code Origin}.
 */
final class Csrf {
  static final String FIELD = "csrf";
  private static final String ISSUED = "paperboy.csrfIssued";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Tokens tokens;
  private final String cookieName;
  private final boolean secure;
  private final String siteOrigin;

  /** @param baseUrl web.base_url: https there makes the cookie Secure and {@code __Host-} prefixed */
  Csrf(Tokens tokens, String baseUrl) {
    this.tokens = tokens;
    URI base = URI.create(baseUrl);
    this.secure = "https".equalsIgnoreCase(base.getScheme());
    this.cookieName = secure ? "__Host-paperboy_csrf" : "paperboy_csrf";
    this.siteOrigin = origin(base);
  }

  /** The hidden field's value for a form on this request's page; sets the cookie when the browser has none. */
  String fieldFor(Context ctx) {
    String value = ctx.attribute(ISSUED);
    if (value == null) value = cookie(ctx).orElse(null);
    if (value == null) {
      byte[] b = new byte[16];
      RANDOM.nextBytes(b);
      value = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
      ctx.res().addHeader("Set-Cookie", cookieName + "=" + value + "; Path=/; HttpOnly; SameSite=Strict"
          + (secure ? "; Secure" : ""));
      ctx.attribute(ISSUED, value); // a second form on the page uses the same cookie
    }
    return tokens.sign(Purpose.CSRF, value + "|" + ctx.path());
  }

  /** Whether a form post carries a field made for this browser's cookie and this path, from this site. */
  boolean accepts(Context ctx) {
    if (!fromThisSite(ctx)) return false;
    Optional<String> cookie = cookie(ctx);
    String field = ctx.formParam(FIELD);
    if (cookie.isEmpty() || field == null) return false;
    return tokens.verify(Purpose.CSRF, field).map(p -> p.equals(cookie.get() + "|" + ctx.path())).orElse(false);
  }

  /**
   * Whether nothing says that a post came from another site: no {@code Sec-Fetch-Site: cross-site},
   * and no {@code Origin} of another site. Enough on its own for posts to token URLs (see above).
   */
  boolean fromThisSite(Context ctx) {
    if ("cross-site".equalsIgnoreCase(ctx.header("Sec-Fetch-Site"))) return false;
    String origin = ctx.header("Origin");
    // "null": what browsers send on every form POST from a page under Referrer-Policy: no-referrer (ours),
    // so it tells nothing; the cookie and the signed field, or the token in the URL, still decide
    return origin == null || origin.strip().equals("null") || sameSite(origin, ctx.header("Host"));
  }

  private boolean sameSite(String origin, String host) {
    String o = origin.strip().toLowerCase(Locale.ROOT);
    if (o.equals(siteOrigin)) return true;
    try {
      URI u = URI.create(o);
      return host != null && u.getRawAuthority() != null && u.getRawAuthority().equalsIgnoreCase(host.strip());
    } catch (IllegalArgumentException e) {
      return false; // "null" or garbage: not us
    }
  }

  private Optional<String> cookie(Context ctx) {
    String v = ctx.cookie(cookieName);
    return v != null && v.matches("[A-Za-z0-9_-]{22}") ? Optional.of(v) : Optional.empty();
  }

  private static String origin(URI u) {
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    int port = u.getPort();
    boolean defaultPort = port < 0 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
    return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
  }
}
