package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.select.Prefs;
import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.select.Subscriber;
import dev.paperboy.storage.Database;
import dev.paperboy.testing.Mails;
import dev.paperboy.testing.OnBothDatabases;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the web app does against forged posts, floods and hostile input. */
class AbuseTest {
  @TempDir Path dir;

  @OnBothDatabases
  void aFormPostWithoutItsCsrfTokenIsRefusedWith403AndStoresNothing(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      String csrf = WebHarness.csrf(web.get("/")); // the browser has its cookie

      List<Map.Entry<String, String>> noToken = fields(null, "eve@example.org");
      assertThat(web.post("/", noToken).statusCode()).isEqualTo(403);
      assertThat(web.post("/", fields("forged." + csrf, "eve@example.org")).statusCode()).isEqualTo(403);

      // a genuine field, but posted by another site (the browser says so)
      assertThat(web.send(HttpRequest.newBuilder(web.uri("/"))
          .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "https://evil.example")
          .POST(HttpRequest.BodyPublishers.ofString(WebHarness.form(fields(csrf, "eve@example.org")))).build())
          .statusCode()).isEqualTo(403);
      // a genuine field without the cookie it was made for (another browser, or SameSite kept the cookie back)
      assertThat(web.stranger().send(HttpRequest.newBuilder(web.uri("/"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(WebHarness.form(fields(csrf, "eve@example.org")))).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
      // a field made for this browser's cookie but another page does not work here
      String elsewhere = web.tokens.sign(dev.paperboy.token.Purpose.CSRF, web.cookie("paperboy_csrf") + "|/elsewhere");
      assertThat(web.post("/", fields(elsewhere, "eve@example.org")).statusCode()).isEqualTo(403);
      // a post to a manage link from another site, even with the token (ManageTest: no cookie is needed there)
      StoredSubscriber lou = SignUpTest.stored(web, "admin-listed@example.org").orElseThrow();
      assertThat(web.postWithoutCookies(web.links.manage(lou.id()), List.of(Map.entry("action", "unsubscribe")),
          "Origin", "https://evil.example").statusCode()).isEqualTo(403);

      // Origin: null (no-referrer pages make browsers send it) proves nothing: without the cookie, refused
      assertThat(web.stranger().send(HttpRequest.newBuilder(web.uri("/"))
          .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "null")
          .POST(HttpRequest.BodyPublishers.ofString(WebHarness.form(fields(csrf, "eve@example.org")))).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);

      assertThat(SignUpTest.stored(web, "eve@example.org")).isEmpty();
      assertThat(SignUpTest.stored(web, "admin-listed@example.org").orElseThrow().status())
          .isEqualTo(StoredSubscriber.Status.ACTIVE);
      assertThat(web.outbox.countQueued()).isZero();

      // and with it, the same post goes through; so it does with Origin: null, as Chromium sends it from
      // a page whose Referrer-Policy is no-referrer (WebBrowserTest found this)
      assertThat(web.post("/", fields(csrf, "eve@example.org")).statusCode()).isEqualTo(303);
      assertThat(SignUpTest.stored(web, "eve@example.org")).isPresent();
      assertThat(web.send(HttpRequest.newBuilder(web.uri("/"))
          .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "null")
          .header("Sec-Fetch-Site", "same-origin")
          .POST(HttpRequest.BodyPublishers.ofString(WebHarness.form(fields(csrf, "eve2@example.org")))).build())
          .statusCode()).isEqualTo(303);
      assertThat(SignUpTest.stored(web, "eve2@example.org")).isPresent();
    }
  }

  @OnBothDatabases
  void aSignUpFloodFromOneAddressGets429WithRetryAfter(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "subscribe_per_ip_per_hour: 5")) {
      String csrf = WebHarness.csrf(web.get("/"));
      for (int i = 0; i < 5; i++) {
        // invalid posts count too: a flood need not be well-formed
        String email = i == 2 ? "not-an-address" : "flood" + i + "@example.org";
        assertThat(web.post("/", fields(csrf, email)).statusCode()).isIn(303, 400);
      }
      HttpResponse<String> refused = web.post("/", fields(csrf, "flood9@example.org"));
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("3600");
      assertThat(Jsoup.parse(refused.body()).select("p.text").text()).contains("Try again in 60 minutes");
      assertThat(SignUpTest.stored(web, "flood9@example.org")).isEmpty();
      assertThat(web.outbox.countQueued()).isEqualTo(4);

      web.clock.advance(Duration.ofMinutes(61)); // the window slides on
      assertThat(web.post("/", fields(csrf, "flood9@example.org")).statusCode()).isEqualTo(303);
    }
  }

  @OnBothDatabases
  void signUpsForOneMailboxAreLimitedWhereverTheyComeFrom(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "client_ip_header: X-Forwarded-For")) {
      String csrf = WebHarness.csrf(web.get("/"));
      List<Integer> codes = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        // behind a proxy: each post from another client; the last address is the one the proxy added
        codes.add(web.send(HttpRequest.newBuilder(web.uri("/"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Forwarded-For", "10.9.9.9, 192.0.2." + i)
            .POST(HttpRequest.BodyPublishers.ofString(WebHarness.form(fields(csrf, "victim@example.org"))))
            .build()).statusCode());
        web.deliver(); // each confirmation goes out, so each sign-up would send another
      }
      assertThat(codes).containsExactly(303, 303, 303, 429, 429);
      assertThat(web.mailsTo("victim@example.org")).hasSize(3);
      assertThat(web.post("/", fields(csrf, "someone-else@example.org")).statusCode()).isEqualTo(303);
    }
  }

  @OnBothDatabases
  void otherSpellingsOfOneMailboxAndAddressesWeCannotSendToAreRefusedOnTheForm(Database.Dialect dialect)
      throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      String csrf = WebHarness.csrf(web.get("/"));
      assertThat(web.post("/", fields(csrf, "alice@example.net")).statusCode()).isEqualTo(303);

      Map<String, String> refused = new java.util.LinkedHashMap<>();
      refused.put("\"alice\"@example.net", "without quotation marks");
      refused.put("\"al\\ice\"@example.net", "without quotation marks");
      refused.put("ok@[127.0.0.1]", "not an IP address");
      refused.put("ok@-example.org", "start or end with a hyphen ('-example')");
      refused.put("jörg@exämple.org", "SMTPUTF8");
      for (Map.Entry<String, String> e : refused.entrySet()) {
        HttpResponse<String> r = web.post("/", fields(csrf, e.getKey()));
        assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
        var form = Jsoup.parse(r.body());
        assertThat(form.select("input#email").attr("value")).isEqualTo(e.getKey()); // shown again to correct
        assertThat(form.select("input#email + p.error").text()).as(e.getKey()).contains(e.getValue());
      }
      assertThat(SignUpTest.count(web)).isEqualTo(2); // alice and the topic file's subscriber
      assertThat(web.outbox.countQueued()).isEqualTo(1); // alice's confirmation, and only hers

      // an internationalised domain is kept and mailed in its ASCII form: one mailbox whichever way it is spelt
      assertThat(web.post("/", fields(csrf, "ok@exämple.org")).statusCode()).isEqualTo(303);
      StoredSubscriber ok = SignUpTest.stored(web, "ok@xn--exmple-cua.org").orElseThrow();
      assertThat(ok.email()).isEqualTo("ok@xn--exmple-cua.org");
      assertThat(SignUpTest.stored(web, "OK@EXÄMPLE.org")).map(StoredSubscriber::id).hasValue(ok.id());
      web.deliver();
      assertThat(web.mailsTo("ok@xn--exmple-cua.org")).hasSize(1);
      // and the per-mailbox limit (3 a day) counts every spelling together
      assertThat(web.post("/", fields(csrf, "OK@xn--exmple-cua.org")).statusCode()).isEqualTo(303);
      assertThat(web.post("/", fields(csrf, "ok@EXÄMPLE.org")).statusCode()).isEqualTo(303);
      assertThat(web.post("/", fields(csrf, "ok@exämple.org")).statusCode()).isEqualTo(429);
      assertThat(SignUpTest.count(web)).isEqualTo(3);
    }
  }

  @OnBothDatabases
  void whatASubscriberTypesIsEscapedInPagesAndMailAndKeywordsCannotBeQuerySyntax(Database.Dialect dialect)
      throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      String csrf = WebHarness.csrf(web.get("/"));
      String name = "<script>alert(1)</script>\r\nBcc: x@evil.example";
      String keywords = "title:x AND (, <img src=x onerror=alert(1)>, \"quoted\\\", authors:Dao";
      List<Map.Entry<String, String>> f = new ArrayList<>(fields(csrf, "mal@example.org"));
      f.removeIf(e -> e.getKey().equals("name") || e.getKey().equals("keywords"));
      f.add(Map.entry("name", name));
      f.add(Map.entry("keywords", keywords));
      assertThat(web.post("/", f).statusCode()).isEqualTo(303);

      StoredSubscriber mal = SignUpTest.stored(web, "mal@example.org").orElseThrow();
      assertThat(mal.name()).isEqualTo("<script>alert(1)</script> Bcc: x@evil.example"); // one line
      Subscriber prefs = Prefs.read("t", mal.prefs(), web.topics.get(), mal.id(), mal.email(), mal.name())
          .subscriber().orElseThrow(); // what the topic file's reader accepts
      assertThat(prefs.topics()).extracting(t -> t.title())
          .containsExactly("Diffusion models", "title:x AND (", "<img src=x onerror=alert(1)>", "\"quoted\\\"",
              "authors:Dao");
      // each keyword one phrase: no field, no operator, no parse error
      assertThat(prefs.topics().subList(1, 5)).extracting(t -> t.query())
          .containsExactly("\"title:x AND (\"", "\"<img src=x onerror=alert(1)>\"", "\"\\\"quoted\\\\\\\"\"",
              "\"authors:Dao\"");

      web.deliver();
      MimeMessage mail = web.mailsTo("mal@example.org").get(0);
      assertThat(mail.getHeader("Bcc")).isNull();
      assertThat(mail.getAllRecipients()).hasSize(1);
      // the confirmation goes to an address that has not opted in: nothing typed into the form is in it
      for (String part : List.of("text/html", "text/plain")) {
        assertThat(Mails.part(mail, part)).doesNotContain("alert(1)").doesNotContain("&lt;script")
            .doesNotContain("evil.example");
      }
      assertThat(mail.getHeader("To")).containsExactly("<mal@example.org>");

      String manage = web.get(web.links.manage(mal.id())).body();
      assertThat(manage).doesNotContain("<script>alert").doesNotContain("<img src=x");
      var doc = Jsoup.parse(manage);
      assertThat(doc.select("input#name").attr("value")).isEqualTo(mal.name());
      assertThat(doc.select("input#keywords").attr("value"))
          .isEqualTo("title:x AND (, <img src=x onerror=alert(1)>, \"quoted\\\", authors:Dao");
    }
  }

  @OnBothDatabases
  void everyPageCarriesTheSecurityHeadersAndOnlyItsOwnStyleAndScript(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      StoredSubscriber lou = SignUpTest.stored(web, "admin-listed@example.org").orElseThrow();
      web.signUp("pending@example.org", "ssm");
      web.deliver();
      String confirm = web.link(web.mailsTo("pending@example.org").get(0), "/confirm/");
      for (String path : List.of("/", web.links.manage(lou.id()), web.links.unsubscribe(lou.id()), confirm, "/nowhere")) {
        HttpResponse<String> r = web.get(path);
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        var doc = Jsoup.parse(r.body());
        String nonce = doc.select("style").attr("nonce");
        assertThat(nonce).as(path).hasSizeGreaterThan(20);
        assertThat(csp).contains("default-src 'none'", "style-src 'nonce-" + nonce + "'", "script-src 'self'",
            "frame-ancestors 'none'", "form-action 'self'").doesNotContain("unsafe-inline");
        assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(doc.select("[style]")).as("inline style attributes the CSP would block").isEmpty();
        assertThat(doc.select("script:not([src])")).as("inline scripts").isEmpty();
      }
      // the nonce changes with every response
      assertThat(Jsoup.parse(web.get("/").body()).select("style").attr("nonce"))
          .isNotEqualTo(Jsoup.parse(web.get("/").body()).select("style").attr("nonce"));
      HttpResponse<String> cookie = web.stranger().send(HttpRequest.newBuilder(web.uri("/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(cookie.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly").contains("SameSite=Strict");
    }
  }

  @Test
  void theSlidingWindowForgetsEventsAsTheyLeaveIt() {
    dev.paperboy.testing.MutableClock clock = new dev.paperboy.testing.MutableClock(WebHarness.START);
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(2, Duration.ofMinutes(10), clock);
    assertThat(limiter.acquire("a")).isZero();
    clock.advance(Duration.ofMinutes(4));
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("b")).isZero();
    assertThat(limiter.acquire("a")).isEqualTo(6 * 60); // the first leaves in six minutes
    clock.advance(Duration.ofMinutes(6));
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isEqualTo(4 * 60);
  }

  /** A full sign-up form; csrf null leaves the field out. */
  static List<Map.Entry<String, String>> fields(String csrf, String email) {
    List<Map.Entry<String, String>> f = new ArrayList<>();
    if (csrf != null) f.add(Map.entry("csrf", csrf));
    f.add(Map.entry("email", email));
    f.add(Map.entry("name", ""));
    f.add(Map.entry("topic", "diffusion"));
    f.add(Map.entry("keywords", ""));
    f.add(Map.entry("timezone", "UTC"));
    f.add(Map.entry("send_at", "08:00"));
    f.add(Map.entry("frequency", "weekly:MON"));
    return f;
  }
}
