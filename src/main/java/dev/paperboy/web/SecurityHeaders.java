package dev.paperboy.web;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Headers every response carries. Pages allow only their own nonce'd {@code <style>} and scripts from
 * this site (the one time-zone script); nothing may frame them; no referrer leaves them, because
 * their URLs carry the subscriber's tokens. A stored digest shown in the browser keeps its own
 * inline styles (email HTML needs them) and still runs no script.
 */
final class SecurityHeaders {
  static final String NONCE = "paperboy.cspNonce";
  private static final SecureRandom RANDOM = new SecureRandom();

  private SecurityHeaders() {}

  /** Sets the common headers and a page CSP with a fresh nonce, kept as the request attribute {@link #NONCE}. */
  static void apply(Context ctx) {
    String nonce = newNonce();
    ctx.attribute(NONCE, nonce);
    forPage(nonce).forEach(ctx::header);
  }

  /** The headers of a page whose {@code <style>} carries {@code nonce}; also for pages Jetty answers alone. */
  static Map<String, String> forPage(String nonce) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Security-Policy", "default-src 'none'; style-src 'nonce-" + nonce + "'; script-src 'self';"
        + " img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    h.put("X-Frame-Options", "DENY");
    h.put("X-Content-Type-Options", "nosniff");
    h.put("Referrer-Policy", "no-referrer");
    h.put("Cross-Origin-Opener-Policy", "same-origin");
    h.put("Cross-Origin-Resource-Policy", "same-origin");
    h.put("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
    h.put("Cache-Control", "no-store");
    return h;
  }

  static String newNonce() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  /** For a stored digest: its inline styles may apply, images only over https, still no script or form. */
  static void forStoredMail(Context ctx) {
    ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:;"
        + " form-action 'none'; base-uri 'none'; frame-ancestors 'none'");
  }

  static String nonce(Context ctx) {
    return ctx.attribute(NONCE);
  }
}
