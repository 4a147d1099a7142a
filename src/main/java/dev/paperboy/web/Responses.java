package dev.paperboy.web;

import io.javalin.http.Context;

/** The answers several routes give alike. */
final class Responses {
  private Responses() {}

  /**
   * A forged, altered, expired-in-form or unknown token, or a page that does not exist: the same 404,
   * whatever the reason, so that nothing can be learnt by probing.
   */
  static void notFound(Context ctx, Pages pages) {
    pages.notice(ctx, 404, forStatus(404, pages.site()));
  }

  /**
   * What a request gets that the routes did not answer themselves: no such page (404), a method the
   * path does not take (405), a malformed request such as a broken URI (400), a body over the limit
   * (413), or anything else Jetty refuses. Also for the pages Jetty answers alone ({@link JettyErrorPages}).
   */
  static Pages.Notice forStatus(int status, Pages.Site site) {
    String home = site.path() + "/";
    return switch (status) {
      case 404 -> Pages.Notice.of("warn", "Page not found",
          "This link does not lead anywhere. If you copied it from an email, check that nothing was cut off.")
          .withLink(home, "Go to the sign-up page");
      case 405 -> Pages.Notice.of("warn", "This address does not take that",
          "Nothing was changed. Open the link from your email in a browser, or go to the sign-up page.")
          .withLink(home, "Go to the sign-up page");
      case 400 -> Pages.Notice.of("warn", "This link is broken",
          "Part of the address is not valid. If you copied it from an email, check that nothing was cut off or"
              + " changed.").withLink(home, "Go to the sign-up page");
      case 413 -> Pages.Notice.of("warn", "That was too much",
          "What was sent is larger than any of our forms sends, so nothing was changed. Go back and try again.")
          .withLink(home, "Go to the sign-up page");
      default -> status >= 500
          ? Pages.Notice.of("error", "Something went wrong", "This is our fault, not yours. Please try again in a few"
              + " minutes.")
          : Pages.Notice.of("warn", "This request cannot be answered",
              "Nothing was changed. Open the link from your email in a browser, or go to the sign-up page.")
              .withLink(home, "Go to the sign-up page");
    };
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
