package dev.paperboy.web;

import dev.paperboy.config.PaperboyConfig;
import dev.paperboy.deliver.BodyPersonaliser;
import dev.paperboy.deliver.DigestPersonaliser;
import dev.paperboy.deliver.Outbox;
import dev.paperboy.render.ConfirmRenderer;
import dev.paperboy.render.Links;
import dev.paperboy.render.PageRenderer;
import dev.paperboy.select.Audience;
import dev.paperboy.select.TopicFile;
import dev.paperboy.token.Tokens;
import io.javalin.Javalin;
import io.javalin.http.ContentTooLargeResponse;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriber web app that {@code paperboy serve} runs beside the scheduler and the senders:
 * sign-up with double opt-in, confirm, one-click unsubscribe, manage without a login, view a digest
 * in the browser, health and metrics. Listens on {@code web.host}:{@code web.port} (loopback by
 * default: put a TLS-terminating proxy in front of it); every link in mail is built from
 * {@code web.base_url}.
 *
 * <p>It changes subscribers and queues confirmation mails; it never sends anything itself. After a
 * change that can move someone's send time it calls {@code subscribersChanged}, so that the scheduler
 * plans their slot.
 */
public final class WebApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebApp.class);
  /** Forms are small; nothing needs more. */
  private static final long MAX_REQUEST = 64 * 1024;

  /**
   * What the web app works with.
   *
   * @param topics             the topic file in force (the server swaps it when the file changes)
   * @param subscribersChanged called after a confirm, unsubscribe or settings change
   */
  public record Services(PaperboyConfig config, Jdbi jdbi, Outbox outbox, Tokens tokens, Links links, Clock clock,
      Supplier<TopicFile> topics, Runnable subscribersChanged) {
    public Services {
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(jdbi, "jdbi");
      Objects.requireNonNull(outbox, "outbox");
      Objects.requireNonNull(tokens, "tokens");
      Objects.requireNonNull(links, "links");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(topics, "topics");
      Objects.requireNonNull(subscribersChanged, "subscribersChanged");
    }
  }

  private final PaperboyConfig.Web web;
  private final WebMetrics metrics;
  private final Javalin javalin;

  /**
   * Builds the app; nothing listens until {@link #start}.
   *
   * @throws dev.paperboy.render.RenderException when a page or the confirmation mail's template is missing
   */
  public WebApp(Services s) {
    this.web = s.config().web();
    PageRenderer renderer = new PageRenderer(s.config().resolve(s.config().templates().dir()), Pages.REQUIRED);
    Pages pages = new Pages(renderer, Pages.Site.of(s.config().mail().fromName(), s.config().mail().listName(),
        web.baseUrl()));
    Csrf csrf = new Csrf(s.tokens(), web.baseUrl());
    ConfirmTokens confirmTokens = new ConfirmTokens(s.tokens(), web.baseUrl(), web.confirmTtl(), s.clock());
    ConfirmMailer mailer = new ConfirmMailer(s.outbox(), ConfirmRenderer.fromConfig(s.config()), s.links(),
        confirmTokens);
    Subscriptions subscriptions = new Subscriptions(s.jdbi(), s.outbox(), mailer, s.clock());
    Audience audience = new Audience(s.jdbi(), s.clock());
    BodyPersonaliser personaliser = new DigestPersonaliser(s.links());
    Runnable changed = quietly(s.subscribersChanged());

    SignUpRoutes signUp = new SignUpRoutes(pages, csrf, subscriptions, s.topics(), web, s.clock());
    LinkRoutes linkRoutes = new LinkRoutes(pages, csrf, s.tokens(), confirmTokens, s.links(), subscriptions, audience,
        s.outbox(), personaliser, s.topics(), s.clock(), changed);
    ManageRoutes manage = new ManageRoutes(pages, csrf, s.tokens(), subscriptions, audience, s.topics(), s.clock(),
        changed);
    this.metrics = new WebMetrics(s.outbox());
    OpsRoutes ops = new OpsRoutes(s.jdbi(), metrics);

    this.javalin = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.http.maxRequestSize = MAX_REQUEST;
      config.http.defaultContentType = "text/plain; charset=utf-8";
      config.http.prefer405over404 = true; // a known path with another method: 405 and Allow
      config.jetty.host = web.host();
      config.jetty.port = web.port();
      QueuedThreadPool pool = new QueuedThreadPool(16, 2, 60_000);
      pool.setName("paperboy-web");
      config.jetty.threadPool = pool;
      config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrorPages(pages)));
      config.routes.before(SecurityHeaders::apply);
      config.routes.before(WebApp::refuseTooLarge);
      Router router = new Router(config.routes);
      signUp.register(router);
      linkRoutes.register(router);
      manage.register(router);
      ops.register(router);
      for (int status : new int[] {400, 404, 405, 413}) {
        config.routes.error(status, ctx -> {
          if (!Pages.shown(ctx)) pages.notice(ctx, status, Responses.forStatus(status, pages.site()));
        });
      }
      config.routes.exception(Exception.class, (e, ctx) -> {
        log.error("{} {} failed: {}", ctx.method(), ctx.path(), e.toString(), e);
        pages.notice(ctx, 500, Responses.forStatus(500, pages.site()));
      });
    });
  }

  /** Listens; returns once the port is bound. */
  public WebApp start() {
    javalin.start();
    log.info("web app on http://{}:{} (links in mail use {})", web.host(), javalin.port(), web.baseUrl());
    if (web.clientIpHeader().isEmpty() && web.baseUrl().startsWith("https:")) {
      // the app speaks plain HTTP, so an https base URL means a proxy in front
      log.warn("web.base_url is https but web.client_ip_header is empty: behind a reverse proxy every visitor counts as"
          + " the proxy's address for the sign-up limits; set it to the header the proxy adds (e.g. X-Forwarded-For)");
    }
    return this;
  }

  /** The port it listens on (the real one when web.port is 0). */
  public int port() {
    return javalin.port();
  }

  @Override
  public void close() {
    javalin.stop();
    metrics.close();
  }

  /**
   * A declared body over the limit is refused before any route runs: Javalin enforces the limit only
   * when a route reads the body, and the one-click unsubscribe never does. (A chunked body has no
   * declared length: the routes that read one stop at the limit with the same 413.)
   */
  private static void refuseTooLarge(io.javalin.http.Context ctx) {
    if (ctx.req().getContentLengthLong() > MAX_REQUEST) {
      drainRest(ctx);
      throw new ContentTooLargeResponse();
    }
  }

  /** What is read of a refused body at most, so that its sender, still writing, can read the answer. */
  private static final long DRAIN = 1024 * 1024;

  /**
   * Reads and drops what is left of a body refused as too large, up to {@link #DRAIN}: a client still
   * writing it when the answer comes and the connection closes gets a reset instead of the 413 page.
   */
  private static void drainRest(io.javalin.http.Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > DRAIN) return; // not worth reading: that client gets a closed connection
    try (var in = ctx.req().getInputStream()) {
      byte[] buffer = new byte[8192];
      long read = 0;
      for (int n; read < DRAIN && (n = in.read(buffer)) > 0; ) read += n;
    } catch (java.io.IOException | RuntimeException e) {
      // already closed or read to the end: nothing to drop
    }
  }

  /** A failed replan must not turn a done unsubscribe into an error page: it is logged instead. */
  private static Runnable quietly(Runnable r) {
    return () -> {
      try {
        r.run();
      } catch (RuntimeException e) {
        log.error("re-planning the digest slots failed: {}", e.toString(), e);
      }
    };
  }
}
