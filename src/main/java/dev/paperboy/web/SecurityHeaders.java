package dev.paperboy.web;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.Base64;

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
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    String nonce = Base64.getEncoder().encodeToString(b);
    ctx.attribute(NONCE, nonce);
    ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'nonce-" + nonce + "'; script-src 'self';"
        + " img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    ctx.header("Cross-Origin-Resource-Policy", "same-origin");
    ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
    ctx.header("Cache-Control", "no-store");
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
