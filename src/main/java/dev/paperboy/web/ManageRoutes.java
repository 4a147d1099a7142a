package dev.paperboy.web;

import dev.paperboy.select.Audience;
import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.Topic;
import dev.paperboy.select.TopicFile;
import dev.paperboy.token.Purpose;
import dev.paperboy.token.Tokens;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /manage/{token}}: change topics, time, frequency; pause, resume, unsubscribe, subscribe again.
 * No login and no cookie: the signed token from the subscriber's mail is the key (it also stands in for
 * the CSRF cookie, see {@link Csrf}). A subscriber the topic file lists
 * sees their settings read-only (the admin manages them there) and may still unsubscribe.
 *
 * <p>Each POST answers with a redirect to the page (303), so reloading it never sends the form twice.
 */
final class ManageRoutes {
  private static final Map<String, String> DONE = Map.of(
      "saved", "Your changes are saved.",
      "paused", "Paused: no digests until you resume.",
      "resumed", "Resumed: your digests are back.",
      "unsubscribed", "You are unsubscribed: no more mail from us.",
      "resubscribed", "Welcome back: you are subscribed again.");

  private final Pages pages;
  private final Csrf csrf;
  private final Tokens tokens;
  private final Subscriptions subscriptions;
  private final Audience audience;
  private final Supplier<TopicFile> topics;
  private final Clock clock;
  private final Runnable changed;

  ManageRoutes(Pages pages, Csrf csrf, Tokens tokens, Subscriptions subscriptions, Audience audience,
      Supplier<TopicFile> topics, Clock clock, Runnable changed) {
    this.pages = pages;
    this.csrf = csrf;
    this.tokens = tokens;
    this.subscriptions = subscriptions;
    this.audience = audience;
    this.topics = topics;
    this.clock = clock;
    this.changed = changed;
  }

  void register(Router routes) {
    routes.get("/manage/{token}", this::page);
    routes.post("/manage/{token}", this::post);
  }

  private void page(Context ctx) {
    Optional<StoredSubscriber> row = subscriber(ctx);
    if (row.isEmpty()) {
      Responses.notFound(ctx, pages);
      return;
    }
    TopicFile file = topics.get();
    String done = DONE.get(String.valueOf(ctx.queryParam("done")));
    Subscriber current = settings(row.get(), file).orElse(null);
    FormView form = current != null ? FormView.of(current, file) : FormView.withoutTopics(row.get(), file);
    show(ctx, 200, row.get(), file, current, form, done);
  }

  private void post(Context ctx) {
    Optional<StoredSubscriber> found = subscriber(ctx); // a forged token is a 404 before anything else
    if (found.isEmpty()) {
      Responses.notFound(ctx, pages);
      return;
    }
    if (!csrf.fromThisSite(ctx)) { // the token is the credential: no cookie needed (see Csrf)
      Responses.fromAnotherSite(ctx, pages);
      return;
    }
    StoredSubscriber row = found.get();
    TopicFile file = topics.get();
    boolean byFile = file.lists(row.email());
    String action = String.valueOf(ctx.formParam("action"));
    String done;
    switch (action) {
      case "unsubscribe" -> {
        subscriptions.unsubscribe(row.id());
        done = "unsubscribed";
      }
      case "pause" -> {
        if (byFile || !subscriptions.pause(row.id())) {
          redirect(ctx, null);
          return;
        }
        done = "paused";
      }
      case "resume" -> {
        if (byFile || !subscriptions.resume(row.id())) {
          redirect(ctx, null);
          return;
        }
        done = "resumed";
      }
      case "save", "resubscribe" -> {
        boolean resubscribe = action.equals("resubscribe") && (row.status() == StoredSubscriber.Status.UNSUBSCRIBED
            || row.status() == StoredSubscriber.Status.BOUNCED);
        Choice choice = null;
        if (!byFile) {
          Subscriber current = Subscriptions.current(row, file).orElse(null);
          FormInput in = FormInput.from(ctx);
          ChoiceValidator.Result r = ChoiceValidator.validate(in, file, false, inlineTopics(current, file));
          if (!r.ok()) {
            show(ctx, 400, row, file, current, FormView.of(in, file, r.errors()), null);
            return;
          }
          choice = r.choice();
        } else if (!resubscribe) {
          redirect(ctx, null); // the file's subscriber has nothing to save here
          return;
        }
        subscriptions.update(row.id(), choice, file, resubscribe);
        done = resubscribe ? "resubscribed" : "saved";
      }
      default -> {
        redirect(ctx, null);
        return;
      }
    }
    changed.run();
    redirect(ctx, done);
  }

  private void show(Context ctx, int status, StoredSubscriber row, TopicFile file, Subscriber current, FormView form,
      String done) {
    boolean byFile = file.lists(row.email());
    Subscriber effective = byFile ? audience.find(file, row.email()).orElse(null) : current;
    String state = row.status().name().toLowerCase(Locale.ROOT);
    String next = row.status() == StoredSubscriber.Status.ACTIVE && effective != null
        ? NextDigest.describe(clock.instant(), effective.timezone(), effective.sendAt(), effective.frequency()) : null;
    ManageView.Summary summary = effective == null ? null : new ManageView.Summary(
        effective.topics().stream().map(Topic::title).toList(),
        NextDigest.delivery(effective.timezone(), effective.sendAt(), effective.frequency()));
    // their stored topics are all gone from the file (or, dropped from the file, they never had their own)
    boolean topicsGone = !byFile && current == null;
    String label = topicsGone && row.status() == StoredSubscriber.Status.ACTIVE ? "Subscribed, no topics"
        : label(row.status());
    ManageView view = new ManageView(row.email(), state, label, byFile, next, done, form, summary, topicsGone);
    Map<String, Object> vars = new HashMap<>();
    vars.put("manage", view);
    vars.put("form", form);
    pages.show(ctx, status, "manage", vars);
  }

  /** The subscriber of a genuine manage token. */
  private Optional<StoredSubscriber> subscriber(Context ctx) {
    return tokens.verify(Purpose.MANAGE, ctx.pathParam("token")).flatMap(subscriptions::find);
  }

  /** Their settings: the file's entry for a listed address, else their stored preferences when usable. */
  private Optional<Subscriber> settings(StoredSubscriber row, TopicFile file) {
    return file.lists(row.email()) ? audience.find(file, row.email()) : Subscriptions.current(row, file);
  }

  /** The subscriber's own topics (not the file's named ones), by title: kept as they are when saved again. */
  private static Map<String, Topic> inlineTopics(Subscriber current, TopicFile file) {
    Map<String, Topic> out = new HashMap<>();
    if (current == null) return out;
    for (Topic t : current.topics()) {
      if (file.topic(t.key()).filter(t::equals).isEmpty()) out.put(t.title(), t);
    }
    return out;
  }

  /**
   * Back to the page, by an absolute path under web.base_url's path: a relative one would resolve
   * against the URL the form was posted to, and {@code /manage/TOKEN/} (a trailing slash, as mail
   * clients and copy-paste leave it) made it {@code /manage/TOKEN/TOKEN}. The token is a genuine one
   * (verified before any action), so it needs no escaping.
   */
  private void redirect(Context ctx, String done) {
    String page = pages.site().path() + "/manage/" + ctx.pathParam("token");
    ctx.redirect(done == null ? page : page + "?done=" + done, HttpStatus.SEE_OTHER);
  }

  private static String label(StoredSubscriber.Status s) {
    return switch (s) {
      case ACTIVE -> "Subscribed";
      case PAUSED -> "Paused";
      case PENDING -> "Waiting for confirmation";
      case UNSUBSCRIBED -> "Unsubscribed";
      case BOUNCED -> "Stopped: your address refused our mail";
    };
  }
}
