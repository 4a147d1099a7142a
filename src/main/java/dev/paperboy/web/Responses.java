package dev.paperboy.web;

import io.javalin.http.Context;

/** The answers several routes give alike. */
final class Responses {
  /** Set once the 404 page is rendered, so that the app's 404 handler does not render it again. */
  static final String NOT_FOUND_SHOWN = "paperboy.notFoundShown";

  private Responses() {}

  /**
   * A forged, altered, expired-in-form or unknown token, or a page that does not exist: the same 404,
   * whatever the reason, so that nothing can be learnt by probing.
   */
  static void notFound(Context ctx, Pages pages) {
    ctx.attribute(NOT_FOUND_SHOWN, true);
    pages.notice(ctx, 404, Pages.Notice.of("warn", "Page not found",
        "This link does not lead anywhere. If you copied it from an email, check that nothing was cut off.")
        .withLink(pages.site().path() + "/", "Go to the sign-up page"));
  }

  /** A post to a token URL that the browser says came from another site's page. */
  static void fromAnotherSite(Context ctx, Pages pages) {
    pages.notice(ctx, 403, Pages.Notice.of("warn", "Please use the link from your email",
        "This form was sent from another website, so nothing was changed. Open the link in the email we sent you,"
            + " and use the button on that page."));
  }

  /** The sign-up form without its cookie or CSRF field, or with a field made for another browser or page. */
  static void formExpired(Context ctx, Pages pages) {
    pages.notice(ctx, 403, Pages.Notice.of("warn", "Please try again",
        "This form has expired, or your browser did not send its cookie. Go back, reload the page and send it again."));
  }

  static void tooMany(Context ctx, Pages pages, long retryAfterSeconds, String why) {
    ctx.header("Retry-After", Long.toString(retryAfterSeconds));
    long minutes = Math.max(1, (retryAfterSeconds + 59) / 60);
    pages.notice(ctx, 429, Pages.Notice.of("warn", "Please wait a little",
        why + " Try again in " + (minutes >= 90 ? (minutes + 59) / 60 + " hours" : minutes + (minutes == 1 ? " minute" : " minutes")) + "."));
  }
}
