package dev.paperboy.web;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.paperboy.config.ConfigLoader;
import dev.paperboy.config.PaperboyConfig;
import dev.paperboy.deliver.DigestPersonaliser;
import dev.paperboy.deliver.BounceLog;
import dev.paperboy.deliver.Dispatcher;
import dev.paperboy.deliver.MailTransports;
import dev.paperboy.deliver.MessageBuilder;
import dev.paperboy.deliver.MessageSigner;
import dev.paperboy.deliver.Outbox;
import dev.paperboy.deliver.RateLimiter;
import dev.paperboy.render.Links;
import dev.paperboy.select.Audience;
import dev.paperboy.select.PaperLookup;
import dev.paperboy.select.TopicFile;
import dev.paperboy.storage.Database;
import dev.paperboy.testing.Mails;
import dev.paperboy.testing.MutableClock;
import dev.paperboy.testing.TestDatabases;
import dev.paperboy.testing.TestHome;
import dev.paperboy.token.Tokens;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/**
 * The web app on its own, as {@code serve} wires it, over a real database (H2 file or embedded
 * PostgreSQL), on a free port of 127.0.0.1, with a clock the test moves and GreenMail behind a real
 * dispatcher that the test drains when it wants the queued mail sent. A browser-like HTTP client
 * keeps cookies.
 */
final class WebHarness implements AutoCloseable {
  /** http: the test client is no browser over TLS, and would keep a Secure cookie to itself. */
  static final String BASE_URL = "http://paperboy.test";
  static final Instant START = Instant.parse("2026-03-14T09:00:00Z");
  static final String TOPICS = """
      defaults: {timezone: UTC, send_at: "08:00"}
      topics:
        diffusion: {title: Diffusion models, query: 'diffusion OR denoising'}
        ssm: {title: State space models, query: 'mamba OR "state space"'}
        agents: {title: LLM agents, query: 'agent OR agents'}
      subscribers:
        - {email: admin-listed@example.org, name: Listed Lou, topics: [ssm], send_at: "06:30"}
      """;

  final TestHome home;
  final MutableClock clock = new MutableClock(START);
  final GreenMail smtp;
  final Database db;
  final PaperboyConfig config;
  final Outbox outbox;
  final Tokens tokens;
  final Links links;
  final AtomicReference<TopicFile> topics = new AtomicReference<>();
  final AtomicInteger changes = new AtomicInteger();
  final WebApp app;
  final HttpClient http;
  private final CookieManager cookies = new CookieManager();

  final String baseUrl;

  /** @param webSettings more keys of the web section, e.g. "subscribe_per_ip_per_hour: 5\n" */
  WebHarness(Database.Dialect dialect, Path dir, String webSettings) {
    this(dialect, dir, BASE_URL, webSettings);
  }

  WebHarness(Database.Dialect dialect, Path dir, String baseUrl, String webSettings) {
    this.baseUrl = baseUrl;
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
        .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    smtp.start();
    home = new TestHome(dir).config("""
        storage:
          url: "%s"
          username: "%s"
        mail:
          domain: paperboy.test
          from_address: digest@paperboy.test
          list_name: Paperboy trending papers
        delivery:
          transport: smtp
          senders: 1
        smtp:
          host: 127.0.0.1
          port: %d
        web:
          port: 0
          base_url: "%s"
          secrets: "t1:web-harness-secret-0123456789"
        """.formatted(TestDatabases.url(dialect), TestDatabases.user(dialect), smtp.getSmtp().getPort(), baseUrl)
        + webSettings.lines().map(l -> "  " + l + "\n").reduce("", String::concat)).topics(TOPICS);
    config = new ConfigLoader(Map.of(), dir).load(dir.resolve("config/paperboy.yaml"), true);
    db = Database.open(config.storage().url(), config.storage().username(), config.storage().password(), 4, dir);
    outbox = new Outbox(db, clock, config.mail().domain());
    tokens = Tokens.of(config.web().secrets(), "web.secrets");
    links = Links.from(config, tokens);
    reloadTopics();
    app = new WebApp(new WebApp.Services(config, db.jdbi(), outbox, tokens, links, clock, topics::get,
        changes::incrementAndGet)).start();
    http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** Reads the topic file again and records its subscribers, as serve does. */
  void reloadTopics() {
    TopicFile file = TopicFile.load(home.topicsFile(), PaperLookup.NONE);
    new Audience(db.jdbi(), clock).upsert(file);
    topics.set(file);
  }

  URI uri(String pathOrUrl) {
    String path = pathOrUrl.startsWith(baseUrl) ? pathOrUrl.substring(baseUrl.length()) : pathOrUrl;
    return URI.create("http://127.0.0.1:" + app.port() + path);
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  /** A form post as a browser on this site sends it (its cookies go along). */
  HttpResponse<String> post(String path, List<Map.Entry<String, String>> fields) {
    return send(HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", "http://127.0.0.1:" + app.port())
        .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build());
  }

  /**
   * A form post from a browser that keeps no cookies (or blocks them), from this site's page unless
   * {@code headers} (name, value, ...) say otherwise.
   */
  HttpResponse<String> postWithoutCookies(String path, List<Map.Entry<String, String>> fields, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(fields)));
    if (headers.length == 0) b.header("Origin", "null").header("Sec-Fetch-Site", "same-origin"); // Chromium's, see Csrf
    for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    try {
      return stranger().send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The value of a cookie this harness's browser holds, or null. */
  String cookie(String name) {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
        .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
  }

  HttpResponse<String> send(HttpRequest request) {
    return send(http, request);
  }

  HttpResponse<String> send(HttpClient browser, HttpRequest request) {
    try {
      return browser.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A client with no cookies: a mail provider, a link scanner, another site's page. */
  /**
   * The request on a connection of its own: the server closes the connection after answering a bad URI
   * or a body over the limit, and a pooled connection it has closed fails the next request sent on it.
   */
  HttpResponse<String> sendAlone(HttpRequest request) {
    return send(stranger(), request);
  }

  HttpClient stranger() {
    return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** Another browser with cookies of its own: someone else, signing up from somewhere else. */
  HttpClient otherBrowser() {
    return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** The CSRF field of the form on a page. */
  static String csrf(HttpResponse<String> page) {
    return Jsoup.parse(page.body()).select("input[name=csrf]").attr("value");
  }

  /** What someone types into the sign-up form. */
  record SignUpForm(String email, String name, List<String> topics, String keywords, String timezone, String sendAt,
      String frequency) {
    /** Named Ada, at 07:30 London time, daily. */
    static SignUpForm of(String email, String... topicKeys) {
      return new SignUpForm(email, "Ada", List.of(topicKeys), "", "Europe/London", "07:30", "daily");
    }
  }

  /** The sign-up form filled in: the page is fetched first, as a browser would. */
  HttpResponse<String> signUp(String email, String... topicKeys) {
    return signUp(http, SignUpForm.of(email, topicKeys));
  }

  /** The sign-up form filled in from this browser. */
  HttpResponse<String> signUp(HttpClient browser, SignUpForm form) {
    String csrf = csrf(send(browser, HttpRequest.newBuilder(uri("/")).GET().build()));
    List<Map.Entry<String, String>> f = new ArrayList<>();
    f.add(Map.entry("csrf", csrf));
    f.add(Map.entry("email", form.email()));
    f.add(Map.entry("name", form.name()));
    for (String t : form.topics()) f.add(Map.entry("topic", t));
    f.add(Map.entry("keywords", form.keywords()));
    f.add(Map.entry("timezone", form.timezone()));
    f.add(Map.entry("send_at", form.sendAt()));
    f.add(Map.entry("frequency", form.frequency()));
    return send(browser, HttpRequest.newBuilder(uri("/"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", "http://127.0.0.1:" + app.port())
        .POST(HttpRequest.BodyPublishers.ofString(form(f))).build());
  }

  /** Sends whatever is queued into GreenMail, through the real dispatcher and message builder. */
  Dispatcher.Summary deliver() {
    Dispatcher d = new Dispatcher(outbox, MailTransports.fromConfig(config), new MessageBuilder(config.mail(),
        MessageSigner.NONE), new DigestPersonaliser(links), RateLimiter.unlimited(),
        Dispatcher.Settings.from(config.delivery()), new BounceLog(outbox, clock, BounceLog.Limit.from(config.delivery())),
        clock, "web-test");
    return d.drain(Dispatcher.Progress.NONE);
  }

  List<MimeMessage> mailsTo(String email) {
    return List.of(smtp.getReceivedMessages()).stream().filter(m -> Mails.to(m).equals(email)).toList();
  }

  /** The first link in a mail's text part that starts with base_url + prefix ("/confirm/"). */
  String link(MimeMessage m, String prefix) {
    Matcher matcher = Pattern.compile(Pattern.quote(baseUrl + prefix) + "\\S+").matcher(Mails.part(m, "text/plain"));
    if (!matcher.find()) throw new AssertionError("no " + prefix + " link in:\n" + Mails.part(m, "text/plain"));
    return matcher.group();
  }

  static String form(List<Map.Entry<String, String>> fields) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> e : fields) {
      if (b.length() > 0) b.append('&');
      b.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return b.toString();
  }

  @Override
  public void close() {
    app.close();
    db.close();
    smtp.stop();
  }
}
