package dev.paperboy.web;

import dev.paperboy.deliver.BodyPersonaliser;
import dev.paperboy.deliver.Outbox;
import dev.paperboy.deliver.OutboxRow;
import dev.paperboy.render.Links;
import dev.paperboy.select.Audience;
import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.TopicFile;
import dev.paperboy.token.Purpose;
import dev.paperboy.token.Tokens;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The links in mail: confirm, unsubscribe, view in browser. A token that is not genuine for its
 * purpose is a plain 404.
 *
 * <p>GET never changes anything (link scanners fetch every link in a mail): confirming and
 * unsubscribing take a POST. The unsubscribe POST is RFC 8058's one-click: no cookie, no CSRF field,
 * any body (mail providers send {@code List-Unsubscribe=One-Click}), 200, idempotent, and honoured at
 * once: the subscriber's queued mails are cancelled before the answer.
 */
final class LinkRoutes {
  private final Pages pages;
  private final Csrf csrf;
  private final Tokens tokens;
  private final ConfirmTokens confirmTokens;
  private final Links links;
  private final Subscriptions subscriptions;
  private final Audience audience;
  private final Outbox outbox;
  private final BodyPersonaliser personaliser;
  private final Supplier<TopicFile> topics;
  private final Clock clock;
  private final Runnable changed;

  LinkRoutes(Pages pages, Csrf csrf, Tokens tokens, ConfirmTokens confirmTokens, Links links,
      Subscriptions subscriptions, Audience audience, Outbox outbox, BodyPersonaliser personaliser,
      Supplier<TopicFile> topics, Clock clock, Runnable changed) {
    this.pages = pages;
    this.csrf = csrf;
    this.tokens = tokens;
    this.confirmTokens = confirmTokens;
    this.links = links;
    this.subscriptions = subscriptions;
    this.audience = audience;
    this.outbox = outbox;
    this.personaliser = personaliser;
    this.topics = topics;
    this.clock = clock;
    this.changed = changed;
  }

  void register(Router routes) {
    routes.get("/confirm/{token}", this::confirmPage);
    routes.post("/confirm/{token}", this::confirm);
    routes.get("/unsubscribe/{token}", this::unsubscribePage);
    routes.post("/unsubscribe/{token}", this::unsubscribe);
    routes.get("/digest/{token}", this::digest);
  }

  // ---------------------------------------------------------------- confirm

  /** A genuine, unexpired confirm link and the subscriber it names. */
  private record ConfirmLink(ConfirmTokens.Verified token, StoredSubscriber row) {}

  private void confirmPage(Context ctx) {
    Optional<ConfirmLink> link = confirmLink(ctx);
    if (link.isEmpty()) return;
    StoredSubscriber row = link.get().row();
    if (row.status() != StoredSubscriber.Status.PENDING) {
      confirmed(ctx, row);
      return;
    }
    if (!link.get().token().isFor(row)) {
      superseded(ctx);
      return;
    }
    TopicFile file = topics.get();
    boolean byFile = file.lists(row.email());
    Subscriber settings = (byFile ? audience.find(file, row.email()) : Subscriptions.current(row, file)).orElse(null);
    pages.show(ctx, 200, "confirm", Map.of("confirm", ConfirmView.of(row, settings, byFile)));
  }

  private void confirm(Context ctx) {
    Optional<ConfirmLink> link = confirmLink(ctx); // a forged token is a 404 before anything else
    if (link.isEmpty()) return;
    if (!csrf.fromThisSite(ctx)) { // the token is the credential: no cookie needed (see Csrf)
      Responses.fromAnotherSite(ctx, pages);
      return;
    }
    String id = link.get().row().id();
    switch (subscriptions.confirm(link.get().token())) {
      case UNKNOWN -> Responses.notFound(ctx, pages);
      case SUPERSEDED -> superseded(ctx);
      case NOW_ACTIVE -> {
        changed.run();
        confirmed(ctx, subscriptions.find(id).orElse(link.get().row()));
      }
      case ALREADY_ACTIVE, NOT_PENDING -> confirmed(ctx, subscriptions.find(id).orElse(link.get().row()));
    }
  }

  /** The link and subscriber of a genuine, unexpired confirm token; otherwise the error page is already sent. */
  private Optional<ConfirmLink> confirmLink(Context ctx) {
    Optional<ConfirmTokens.Verified> v = confirmTokens.verify(ctx.pathParam("token"));
    Optional<StoredSubscriber> row = v.flatMap(t -> subscriptions.find(t.subscriberId()));
    if (row.isEmpty()) {
      Responses.notFound(ctx, pages);
      return Optional.empty();
    }
    // a link made before links named their choice cannot say what it was mailed for: it has expired
    boolean stale = (v.get().expiredAt(clock.instant()) || v.get().choice() == null)
        && row.get().status() == StoredSubscriber.Status.PENDING;
    if (stale || row.get().status() == StoredSubscriber.Status.UNSUBSCRIBED
        || row.get().status() == StoredSubscriber.Status.BOUNCED) {
      pages.notice(ctx, 410, Pages.Notice.of("warn", "This link has expired",
          "Confirmation links work for a limited time, and only until you unsubscribe. Sign up again for a fresh one.")
          .withLink(pages.site().path() + "/", "Sign up again"));
      return Optional.empty();
    }
    return Optional.of(new ConfirmLink(v.get(), row.get()));
  }

  /** The address was signed up again after this link was mailed: the link confirms nothing now. */
  private void superseded(Context ctx) {
    pages.notice(ctx, 410, Pages.Notice.of("warn", "A newer sign-up is waiting",
        "This address was signed up again after this link was sent, so this link no longer confirms anything."
            + " Use the link in the latest confirmation mail: its page shows the topics and times you would"
            + " confirm. If you did not sign up again, someone else did: sign up with your own choice.")
        .withLink(pages.site().path() + "/", "Sign up again"));
  }

  private void confirmed(Context ctx, StoredSubscriber row) {
    String next = audience.find(topics.get(), row.email())
        .filter(s -> row.status() == StoredSubscriber.Status.ACTIVE)
        .map(s -> " Your first digest arrives " + NextDigest.describe(clock.instant(), s.timezone(), s.sendAt(), s.frequency()) + ".")
        .orElse("");
    pages.notice(ctx, 200, Pages.Notice.of("ok", "You are subscribed",
        row.email() + " gets " + pages.site().listName() + "." + next + " Every digest has a link to change your"
            + " topics or to unsubscribe with one click.")
        .withLink(links.manage(row.id()), "Manage your subscription"));
  }

  // ---------------------------------------------------------------- unsubscribe

  private void unsubscribePage(Context ctx) {
    Optional<StoredSubscriber> row = tokens.verify(Purpose.UNSUBSCRIBE, ctx.pathParam("token"))
        .flatMap(subscriptions::find);
    if (row.isEmpty()) {
      Responses.notFound(ctx, pages);
      return;
    }
    if (row.get().status() == StoredSubscriber.Status.UNSUBSCRIBED) {
      unsubscribed(ctx, row.get());
      return;
    }
    // the button posts what RFC 8058 clients post, so both take the same path
    pages.action(ctx, new Pages.Action("Unsubscribe", "Unsubscribe?",
        row.get().email() + " will get no more mail from " + pages.site().listName() + ".", "Unsubscribe", true, null,
        "List-Unsubscribe", "One-Click"));
  }

  private void unsubscribe(Context ctx) {
    Optional<String> id = tokens.verify(Purpose.UNSUBSCRIBE, ctx.pathParam("token"));
    if (id.isEmpty() || !subscriptions.unsubscribe(id.get())) {
      Responses.notFound(ctx, pages);
      return;
    }
    changed.run();
    unsubscribed(ctx, subscriptions.find(id.get()).orElseThrow());
  }

  private void unsubscribed(Context ctx, StoredSubscriber row) {
    pages.notice(ctx, 200, Pages.Notice.of("ok", "You are unsubscribed",
        row.email() + " will get no more mail from " + pages.site().listName() + ". Changed your mind?"
            + " You can subscribe again from your settings.")
        .withLink(links.manage(row.id()), "Your settings"));
  }

  // ---------------------------------------------------------------- view in browser

  private void digest(Context ctx) {
    Optional<String> publicId = tokens.verify(Purpose.VIEW_DIGEST, ctx.pathParam("token"));
    if (publicId.filter(Links.PREVIEW_DIGEST::equals).isPresent()) {
      pages.notice(ctx, 404, Pages.Notice.of("warn", "This was a preview",
          "A digest made with paperboy preview is not stored, so its view-in-browser link has nothing to show."
              + " The digests that are sent keep theirs until storage.keep deletes them.")
          .withLink(pages.site().path() + "/", "Go to the sign-up page"));
      return;
    }
    Optional<OutboxRow> found = publicId.flatMap(outbox::findByPublicId);
    if (publicId.isPresent() && found.isEmpty()) {
      // a genuine link (the token is signed) to a digest deleted since for its age (storage.keep)
      pages.notice(ctx, 410, Pages.Notice.of("warn", "This digest is no longer kept",
          "Old digests are deleted after a while, and this one has been. The newer ones are in your inbox.")
          .withLink(pages.site().path() + "/", "Go to the sign-up page"));
      return;
    }
    Optional<OutboxRow> row = found
        .filter(r -> r.kind() != OutboxRow.Kind.CONFIRM && r.bodyId() != null && r.status() == OutboxRow.Status.SENT);
    if (row.isEmpty()) {
      Responses.notFound(ctx, pages);
      return;
    }
    SecurityHeaders.forStoredMail(ctx);
    ctx.contentType(Pages.HTML).result(personaliser.personalise(outbox.body(row.get().bodyId()), row.get()).html());
  }
}
