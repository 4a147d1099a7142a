package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.deliver.Composed;
import dev.paperboy.deliver.DigestBody;
import dev.paperboy.deliver.DigestPersonaliser;
import dev.paperboy.deliver.Dispatcher;
import dev.paperboy.deliver.OutboxRow;
import dev.paperboy.render.Links;
import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.storage.Database;
import dev.paperboy.testing.OnBothDatabases;
import dev.paperboy.token.Purpose;
import dev.paperboy.token.Tokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.io.TempDir;

/** The links in mail: RFC 8058 one-click unsubscribe, view in browser, and what forged tokens get. */
class LinksInMailTest {
  @TempDir Path dir;

  @OnBothDatabases
  void oneClickUnsubscribeAnswers200WithoutCookieOrFormIsIdempotentAndCancelsTheQueuedDigest(Database.Dialect dialect)
      throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      StoredSubscriber lou = SignUpTest.stored(web, "admin-listed@example.org").orElseThrow();
      assertThat(web.outbox.enqueue(digest(lou, LocalDate.of(2026, 3, 14)))).isTrue();
      String url = web.links.unsubscribe(lou.id());

      // what Gmail's servers send: no cookie, no CSRF field, no Origin
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> r = oneClick(web, url);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Jsoup.parse(r.body()).select("h1").text()).isEqualTo("You are unsubscribed");
      }
      StoredSubscriber after = SignUpTest.stored(web, "admin-listed@example.org").orElseThrow();
      assertThat(after.status()).isEqualTo(StoredSubscriber.Status.UNSUBSCRIBED);
      assertThat(after.unsubscribedAt()).isEqualTo(WebHarness.START);
      assertThat(web.outbox.rowsFor(lou.id())).singleElement()
          .satisfies(row -> assertThat(row.status()).isEqualTo(OutboxRow.Status.CANCELLED));
      assertThat(web.deliver().sent()).isZero();
      assertThat(web.smtp.getReceivedMessages()).isEmpty();

      // the file still lists Lou: the unsubscribe wins over it
      web.reloadTopics();
      assertThat(SignUpTest.active(web)).extracting(s -> s.email()).doesNotContain("admin-listed@example.org");
      assertThat(web.changes.get()).isEqualTo(2);
    }
  }

  @OnBothDatabases
  void theUnsubscribePageHasOneButtonThatPostsWhatOneClickPosts(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      StoredSubscriber lou = SignUpTest.stored(web, "admin-listed@example.org").orElseThrow();
      String url = web.links.unsubscribe(lou.id());
      HttpResponse<String> page = web.get(url);
      assertThat(page.statusCode()).isEqualTo(200);
      var doc = Jsoup.parse(page.body());
      assertThat(doc.select("form button")).singleElement().satisfies(b -> assertThat(b.text()).isEqualTo("Unsubscribe"));
      assertThat(doc.select("form input[type=hidden]")).singleElement()
          .satisfies(i -> assertThat(i.attr("name") + "=" + i.attr("value")).isEqualTo("List-Unsubscribe=One-Click"));
      // GET changed nothing (link scanners)
      assertThat(SignUpTest.stored(web, "admin-listed@example.org").orElseThrow().status())
          .isEqualTo(StoredSubscriber.Status.ACTIVE);
      assertThat(web.post(url, List.of(Map.entry("List-Unsubscribe", "One-Click"))).statusCode()).isEqualTo(200);
      assertThat(SignUpTest.stored(web, "admin-listed@example.org").orElseThrow().status())
          .isEqualTo(StoredSubscriber.Status.UNSUBSCRIBED);
    }
  }

  @OnBothDatabases
  void forgedAlteredOrMisdirectedTokensGetThePlain404(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      StoredSubscriber lou = SignUpTest.stored(web, "admin-listed@example.org").orElseThrow();
      String unsubscribe = token(web.links.unsubscribe(lou.id()));
      String manage = token(web.links.manage(lou.id()));
      Tokens other = Tokens.of("t1:another-installation-secret", "test");
      List<String> bad = new ArrayList<>(List.of(
          "nonsense",
          "",
          altered(unsubscribe),
          manage, // a genuine token, of another purpose
          other.sign(Purpose.UNSUBSCRIBE, lou.id()), // signed with a secret that is not ours
          web.tokens.sign(Purpose.UNSUBSCRIBE, "no-such-subscriber"),
          web.tokens.sign(Purpose.CONFIRM, lou.id()), // no expiry in it
          "x".repeat(2000)));
      String notFound = web.get("/no/such/page").body();
      assertThat(web.get("/no/such/page").statusCode()).isEqualTo(404);
      for (String t : bad) {
        for (String route : List.of("/unsubscribe/", "/confirm/", "/manage/", "/digest/")) {
          for (String method : List.of("GET", "POST")) {
            if (route.equals("/digest/") && method.equals("POST")) continue;
            if (t.equals(manage) && route.equals("/manage/")) continue; // where it is genuine
            HttpResponse<String> r = web.stranger().send(HttpRequest.newBuilder(web.uri(route + t))
                .method(method, HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
                .header("Content-Type", "application/x-www-form-urlencoded").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(method + " " + route + t).isEqualTo(404);
            assertThat(Jsoup.parse(r.body()).select("main").text()).isEqualTo(Jsoup.parse(notFound).select("main").text());
          }
        }
      }
      // none of them did anything: Lou is still subscribed
      assertThat(SignUpTest.stored(web, "admin-listed@example.org").orElseThrow().status())
          .isEqualTo(StoredSubscriber.Status.ACTIVE);
      // and the genuine one works
      assertThat(oneClick(web, web.links.unsubscribe(lou.id())).statusCode()).isEqualTo(200);
    }
  }

  @OnBothDatabases
  void aSentDigestCanBeViewedInTheBrowserAndAConfirmationCannot(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      StoredSubscriber lou = SignUpTest.stored(web, "admin-listed@example.org").orElseThrow();
      web.outbox.enqueue(digest(lou, LocalDate.of(2026, 3, 14)));
      OutboxRow queued = web.outbox.rowsFor(lou.id()).get(0);
      assertThat(web.get(web.links.viewDigest(queued.publicId())).statusCode()).isEqualTo(404); // not sent yet
      web.deliver();

      HttpResponse<String> view = web.get(web.links.viewDigest(queued.publicId()));
      assertThat(view.statusCode()).isEqualTo(200);
      assertThat(Jsoup.parse(view.body()).select("p.greeting").text()).isEqualTo("Hi Listed Lou,");
      assertThat(view.headers().firstValue("Content-Security-Policy").orElseThrow())
          .contains("default-src 'none'").contains("form-action 'none'").doesNotContain("script-src");
      assertThat(view.headers().firstValue("Referrer-Policy")).contains("no-referrer");

      web.signUp("ada@example.org", "ssm");
      web.deliver();
      OutboxRow confirm = web.outbox.rowsFor(SignUpTest.stored(web, "ada@example.org").orElseThrow().id()).get(0);
      assertThat(confirm.status()).isEqualTo(OutboxRow.Status.SENT);
      assertThat(web.get(web.links.viewDigest(confirm.publicId())).statusCode()).isEqualTo(404);
    }
  }

  @OnBothDatabases
  void aPrunedDigestsLinkSaysItIsNoLongerKeptAndAForgedOneStillFindsNothing(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      StoredSubscriber lou = SignUpTest.stored(web, "admin-listed@example.org").orElseThrow();
      LocalDate old = LocalDate.ofInstant(web.clock.instant(), java.time.ZoneOffset.UTC).minusDays(100);
      web.outbox.enqueue(digest(lou, old));
      web.outbox.enqueue(digest(lou, old.plusDays(1)));
      web.deliver();
      OutboxRow first = web.outbox.rowsFor(lou.id()).stream().filter(r -> r.digestDate().equals(old)).findFirst()
          .orElseThrow();
      assertThat(web.get(web.links.viewDigest(first.publicId())).statusCode()).isEqualTo(200);

      assertThat(web.outbox.prune(java.time.Duration.ofDays(40), false, Dispatcher.Progress.NONE).rows()).isEqualTo(1);

      HttpResponse<String> gone = web.get(web.links.viewDigest(first.publicId()));
      assertThat(gone.statusCode()).isEqualTo(410);
      assertThat(Jsoup.parse(gone.body()).select("h1").text()).isEqualTo("This digest is no longer kept");
      String forged = web.links.viewDigest(first.publicId());
      assertThat(web.get(forged.substring(0, forged.length() - 2) + "xx").statusCode()).isEqualTo(404);
    }
  }

  @org.junit.jupiter.api.Test
  void aPreviewsViewLinkSaysItWasAPreviewNotThatItIsNoLongerKept() throws Exception {
    try (WebHarness web = new WebHarness(Database.Dialect.H2, dir, "")) {
      HttpResponse<String> preview = web.get(web.links.viewDigest(Links.PREVIEW_DIGEST));

      assertThat(preview.statusCode()).isEqualTo(404);
      assertThat(Jsoup.parse(preview.body()).select("h1").text()).isEqualTo("This was a preview");
    }
  }

  /** A digest whose body greets by name through the real placeholder machinery. */
  private static Composed digest(StoredSubscriber s, LocalDate date) {
    String greeting = dev.paperboy.render.Field.GREETING.marker();
    DigestBody body = new DigestBody("Trending papers", "<!DOCTYPE html><html lang=\"en\"><head><title>t</title></head>"
        + "<body><p class=\"greeting\">" + greeting + "</p></body></html>", greeting + "\n");
    return new Composed(s.id(), s.email(), date, date.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), body,
        Map.of(OutboxRow.NAME, s.name(), OutboxRow.UNSUBSCRIBE_URL, "http://paperboy.test/unsubscribe/x",
            DigestPersonaliser.MANAGE_URL, "http://paperboy.test/manage/x"), List.of("p1"));
  }

  static HttpResponse<String> oneClick(WebHarness web, String url) throws Exception {
    return web.stranger().send(HttpRequest.newBuilder(web.uri(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String token(String url) {
    String path = URI.create(url).getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The same token with one character of its MAC changed. */
  private static String altered(String token) {
    char last = token.charAt(token.length() - 2);
    return token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
  }
}
