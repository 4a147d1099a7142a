package dev.paperboy.web;

import dev.paperboy.config.PaperboyConfig;
import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.select.TopicFile;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /}: the sign-up form. {@code POST /}: a pending subscriber and a confirmation mail, after
 * the CSRF check, the per-address rate limit (every post counts), validation, and the per-mailbox
 * limit (only valid sign-ups count, so a typo does not use up someone's allowance); then 303 to
 * {@code GET /check-your-inbox}, so that reloading the answer does not post the form again (and use up
 * the limits). That page is the same for everyone: it names no address, so that the form does not tell
 * who is subscribed.
 */
final class SignUpRoutes {
  /** Where a sign-up lands. */
  static final String SENT = "/check-your-inbox";

  private final Pages pages;
  private final Csrf csrf;
  private final Subscriptions subscriptions;
  private final Supplier<TopicFile> topics;
  private final ClientAddress client;
  private final SlidingWindowLimiter perAddress;
  private final SlidingWindowLimiter perMailbox;

  SignUpRoutes(Pages pages, Csrf csrf, Subscriptions subscriptions, Supplier<TopicFile> topics,
      PaperboyConfig.Web web, Clock clock) {
    this.pages = pages;
    this.csrf = csrf;
    this.subscriptions = subscriptions;
    this.topics = topics;
    this.client = new ClientAddress(web.clientIpHeader());
    this.perAddress = new SlidingWindowLimiter(web.subscribePerIpPerHour(), Duration.ofHours(1), clock);
    this.perMailbox = new SlidingWindowLimiter(web.subscribePerEmailPerDay(), Duration.ofDays(1), clock);
  }

  void register(Router routes) {
    routes.get("/", this::form);
    routes.post("/", this::signUp);
    routes.get(SENT, this::sent);
  }

  private void form(Context ctx) {
    pages.show(ctx, 200, "subscribe", Map.of("form", FormView.blank(topics.get()), "csrf", csrf.fieldFor(ctx)));
  }

  private void signUp(Context ctx) {
    if (!csrf.accepts(ctx)) {
      Responses.formExpired(ctx, pages);
      return;
    }
    long wait = perAddress.acquire(client.of(ctx));
    if (wait > 0) {
      Responses.tooMany(ctx, pages, wait, "Too many sign-ups from your network.");
      return;
    }
    TopicFile file = topics.get();
    FormInput in = FormInput.from(ctx);
    ChoiceValidator.Result r = ChoiceValidator.validate(in, file, true, Map.of());
    if (!r.ok()) {
      pages.show(ctx, 400, "subscribe", Map.of("form", FormView.of(in, file, r.errors()), "csrf", csrf.fieldFor(ctx)));
      return;
    }
    wait = perMailbox.acquire(StoredSubscriber.emailKey(r.choice().email()));
    if (wait > 0) {
      Responses.tooMany(ctx, pages, wait, "Too many sign-ups for this address today.");
      return;
    }
    subscriptions.signUp(r.choice(), file);
    ctx.redirect(pages.site().path() + SENT, HttpStatus.SEE_OTHER);
  }

  private void sent(Context ctx) {
    pages.notice(ctx, 200, Pages.Notice.of("mail", "Check your inbox",
        "We have sent a link to the address you gave. Open it to confirm, and your first digest is on its way."
            + " Nothing arrives? Check that the address was spelt right, look in your spam folder, or sign up again"
            + " in a few minutes."));
  }
}
