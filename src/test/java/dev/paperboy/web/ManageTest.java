package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.deliver.BounceLog;
import dev.paperboy.deliver.Composed;
import dev.paperboy.deliver.DigestBody;
import dev.paperboy.deliver.OutboxRow;
import dev.paperboy.select.Prefs;
import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.SubscriberStore;
import dev.paperboy.storage.Database;
import dev.paperboy.testing.OnBothDatabases;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.io.TempDir;

/** The manage page: no login, the token is the key; the topic file's subscribers are shown, not edited. */
class ManageTest {
  @TempDir Path dir;

  @OnBothDatabases
  void aWebSubscriberChangesTopicsTimeAndFrequencyPausesResumesAndLeaves(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      StoredSubscriber ada = confirmed(web, "ada@example.org");
      String url = web.links.manage(ada.id());
      Document page = Jsoup.parse(web.get(url).body());
      assertThat(page.select(".pill").text()).isEqualTo("Subscribed");
      assertThat(page.select("input[name=topic][checked]").eachAttr("value")).containsExactly("diffusion");
      assertThat(page.select("select#timezone option[selected]").text()).isEqualTo("Europe/London");
      assertThat(page.select("input#send_at").attr("value")).isEqualTo("07:30");
      assertThat(page.select(".next strong").text()).isEqualTo("Sunday 15 March at 07:30 (Europe/London)");
      int changesBefore = web.changes.get();

      HttpResponse<String> saved = web.post(url, form(WebHarness.csrf(web.get(url)), "save", List.of("ssm", "agents"),
          "mamba, world models", "Asia/Tokyo", "06:15", "weekly:FRI"));
      assertThat(saved.statusCode()).isEqualTo(303);
      assertThat(saved.headers().firstValue("Location").orElseThrow()).endsWith("?done=saved");
      Subscriber now = prefs(web, ada.id());
      assertThat(now.topics()).extracting(t -> t.title())
          .containsExactly("State space models", "LLM agents", "mamba", "world models");
      assertThat(now.timezone().getId()).isEqualTo("Asia/Tokyo");
      assertThat(now.sendAt()).isEqualTo(LocalTime.of(6, 15));
      assertThat(now.frequency().day()).isEqualTo(DayOfWeek.FRIDAY);
      assertThat(web.changes.get()).isEqualTo(changesBefore + 1); // new slot planned
      Document after = Jsoup.parse(web.get(url + "?done=saved").body());
      assertThat(after.select(".banner.ok").text()).isEqualTo("Your changes are saved.");
      assertThat(after.select("input#keywords").attr("value")).isEqualTo("mamba, world models");
      assertThat(after.select(".next strong").text()).isEqualTo("Friday 20 March at 06:15 (Asia/Tokyo)");

      // pausing cancels the digest already queued, at once
      web.outbox.enqueue(new Composed(ada.id(), ada.email(), LocalDate.of(2026, 3, 14), WebHarness.START,
          new DigestBody("s", "<p>h</p>", "t"), Map.of(OutboxRow.NAME, "Ada"), List.of("p1")));
      web.post(url, List.of(Map.entry("csrf", WebHarness.csrf(web.get(url))), Map.entry("action", "pause")));
      assertThat(status(web, ada.id())).isEqualTo(StoredSubscriber.Status.PAUSED);
      assertThat(web.outbox.rowsFor(ada.id())).filteredOn(r -> r.kind() == OutboxRow.Kind.DIGEST)
          .extracting(OutboxRow::status).containsExactly(OutboxRow.Status.CANCELLED);
      assertThat(SignUpTest.active(web)).extracting(Subscriber::email).doesNotContain("ada@example.org");
      Document paused = Jsoup.parse(web.get(url).body());
      assertThat(paused.select(".pill").text()).isEqualTo("Paused");
      assertThat(paused.select("button[value=resume]")).hasSize(1);

      web.post(url, List.of(Map.entry("csrf", WebHarness.csrf(web.get(url))), Map.entry("action", "resume")));
      assertThat(status(web, ada.id())).isEqualTo(StoredSubscriber.Status.ACTIVE);

      web.post(url, List.of(Map.entry("csrf", WebHarness.csrf(web.get(url))), Map.entry("action", "unsubscribe")));
      assertThat(status(web, ada.id())).isEqualTo(StoredSubscriber.Status.UNSUBSCRIBED);
      Document gone = Jsoup.parse(web.get(url).body());
      assertThat(gone.select("button[name=action]").eachAttr("value")).containsExactly("resubscribe");

      // the manage link came by mail, so it may bring them back without another confirmation
      web.post(url, form(WebHarness.csrf(web.get(url)), "resubscribe", List.of("ssm"), "", "UTC", "09:00", "daily"));
      assertThat(status(web, ada.id())).isEqualTo(StoredSubscriber.Status.ACTIVE);
      assertThat(prefs(web, ada.id()).topics()).extracting(t -> t.key()).containsExactly("ssm");
    }
  }

  @OnBothDatabases
  void aSubscriberStoppedForRefusedMailSeesWhyAndSubscribingAgainStartsTheCountAfresh(Database.Dialect dialect)
      throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      StoredSubscriber ada = confirmed(web, "ada@example.org");
      BounceLog log = new BounceLog(web.outbox, web.clock, new BounceLog.Limit(2, java.time.Duration.ofDays(30)));
      web.clock.advanceHours(24);
      log.record(ada.id(), ada.email(), null, BounceLog.Source.SMTP, "550 5.1.1 User unknown");
      web.clock.advanceHours(24);
      assertThat(log.record(ada.id(), ada.email(), null, BounceLog.Source.SMTP, "550 5.1.1 User unknown").stopped())
          .isTrue();
      String url = web.links.manage(ada.id());

      Document page = Jsoup.parse(web.get(url).body());
      assertThat(page.select(".pill").text()).isEqualTo("Stopped: your address refused our mail");
      assertThat(page.select(".banner.warn").text()).contains("refused our digests");
      assertThat(page.select("button[name=action]").eachAttr("value")).contains("resubscribe").doesNotContain("pause");
      assertThat(SignUpTest.active(web)).extracting(Subscriber::email).doesNotContain("ada@example.org");

      web.clock.advanceHours(1);
      web.post(url, form(WebHarness.csrf(web.get(url)), "resubscribe", List.of("diffusion"), "", "UTC", "09:00", "daily"));
      StoredSubscriber back = stored(web, ada.id());
      assertThat(back.status()).isEqualTo(StoredSubscriber.Status.ACTIVE);
      assertThat(log.counted(back)).as("the refusals before they came back no longer count").isZero();
      assertThat(SignUpTest.active(web)).extracting(Subscriber::email).contains("ada@example.org");
    }
  }

  @OnBothDatabases
  void anActionOnTheManagePageOpenedWithATrailingSlashLandsBackOnThatPage(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      StoredSubscriber ada = confirmed(web, "ada@example.org");
      String url = web.links.manage(ada.id()) + "/"; // as mail clients and copy-paste leave it
      String token = url.substring(url.indexOf("/manage/") + 8, url.length() - 1);
      HttpResponse<String> page = web.get(url);
      assertThat(page.statusCode()).isEqualTo(200);

      // the form posts to the page's own URL, the one with the slash
      HttpResponse<String> paused = web.post(url, List.of(Map.entry("csrf", WebHarness.csrf(page)),
          Map.entry("action", "pause")));
      assertThat(paused.statusCode()).isEqualTo(303);
      String location = paused.headers().firstValue("Location").orElseThrow();
      assertThat(location).isEqualTo("/manage/" + token + "?done=paused");
      // where a browser goes: the Location resolved against the URL it posted to
      assertThat(web.uri(url).resolve(location).getRawPath()).isEqualTo("/manage/" + token);
      HttpResponse<String> landed = web.get(location);
      assertThat(landed.statusCode()).isEqualTo(200);
      assertThat(Jsoup.parse(landed.body()).select(".banner.ok").text()).isEqualTo("Paused: no digests until you resume.");
      assertThat(status(web, ada.id())).isEqualTo(StoredSubscriber.Status.PAUSED);

      HttpResponse<String> nothingToDo = web.post(url, List.of(Map.entry("csrf", WebHarness.csrf(web.get(url))),
          Map.entry("action", "pause"))); // paused already
      assertThat(nothingToDo.headers().firstValue("Location")).hasValue("/manage/" + token);
    }
  }

  @OnBothDatabases
  void behindAProxyThatServesPaperboyUnderAPathTheRedirectKeepsThePath(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "http://paperboy.test/papers", "")) {
      StoredSubscriber ada = confirmed(web, "ada@example.org");
      String url = web.links.manage(ada.id());
      assertThat(url).startsWith("http://paperboy.test/papers/manage/");
      HttpResponse<String> saved = web.post(url + "/", form(WebHarness.csrf(web.get(url + "/")), "save", List.of("ssm"), "", "UTC", "09:00", "daily"));
      assertThat(saved.statusCode()).isEqualTo(303);
      // the proxy takes /papers off before the request reaches Paperboy, so the redirect must put it back
      assertThat(saved.headers().firstValue("Location"))
          .hasValue(url.substring("http://paperboy.test".length()) + "?done=saved");
      assertThat(prefs(web, ada.id()).sendAt()).isEqualTo(LocalTime.of(9, 0));
    }
  }

  @OnBothDatabases
  void theManagePageWorksWithoutCookiesButRefusesPostsFromAnotherSite(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      StoredSubscriber ada = confirmed(web, "ada@example.org");
      String url = web.links.manage(ada.id());
      HttpResponse<String> page = web.stranger().send(java.net.http.HttpRequest.newBuilder(web.uri(url)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Set-Cookie")).as("the token is the key: no cookie").isEmpty();

      HttpResponse<String> paused = web.postWithoutCookies(url, List.of(Map.entry("action", "pause")));
      assertThat(paused.statusCode()).isEqualTo(303);
      assertThat(status(web, ada.id())).isEqualTo(StoredSubscriber.Status.PAUSED);
      HttpResponse<String> saved = web.postWithoutCookies(url, form("", "save", List.of("agents"), "", "UTC", "10:00",
          "daily"));
      assertThat(saved.headers().firstValue("Location").orElseThrow()).endsWith("?done=saved");
      assertThat(prefs(web, ada.id()).sendAt()).isEqualTo(LocalTime.of(10, 0));

      // another site's page, as the browser reports it: refused with 403, nothing changes
      for (String[] header : List.of(new String[] {"Origin", "https://evil.example"},
          new String[] {"Sec-Fetch-Site", "cross-site"})) {
        HttpResponse<String> refused = web.postWithoutCookies(url, List.of(Map.entry("action", "unsubscribe")), header);
        assertThat(refused.statusCode()).as(header[0]).isEqualTo(403);
        assertThat(Jsoup.parse(refused.body()).select("h1").text()).isEqualTo("Please use the link from your email");
      }
      assertThat(status(web, ada.id())).isEqualTo(StoredSubscriber.Status.PAUSED);
    }
  }

  @OnBothDatabases
  void aSubscriberWhoseTopicsAllLeftTheTopicFileIsToldSoAndKeepsTheirDeliveryTime(Database.Dialect dialect)
      throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      StoredSubscriber ada = confirmed(web, "ada@example.org");
      String url = web.links.manage(ada.id());
      web.post(url, form("", "save", List.of("diffusion"), "", "Asia/Tokyo", "06:15", "weekly:FRI"));
      // the admin drops the one topic she follows
      web.home.topics(WebHarness.TOPICS.replace("  diffusion: {title: Diffusion models, query: 'diffusion OR denoising'}\n",
          ""));
      web.reloadTopics();
      assertThat(web.topics.get().topics()).doesNotContainKey("diffusion");
      assertThat(SignUpTest.active(web)).extracting(Subscriber::email).doesNotContain("ada@example.org");

      Document page = Jsoup.parse(web.get(url).body());
      assertThat(page.select(".pill").text()).isEqualTo("Subscribed, no topics");
      assertThat(page.select(".pill").hasClass("stranded")).isTrue();
      assertThat(page.select(".banner.warn").text())
          .isEqualTo("None of the topics you followed is offered any more, so no digests are coming."
              + " Choose topics or type your own keywords below, and save.");
      assertThat(page.select(".next strong")).isEmpty();
      // her own delivery time, zone and frequency, not the file's defaults (08:00 UTC daily)
      assertThat(page.select("input[name=topic][checked]")).isEmpty();
      assertThat(page.select("input#name").attr("value")).isEqualTo("Ada");
      assertThat(page.select("select#timezone option[selected]").text()).isEqualTo("Asia/Tokyo");
      assertThat(page.select("select#timezone").attr("data-chosen")).isEqualTo("true"); // tz.js leaves it alone
      assertThat(page.select("input#send_at").attr("value")).isEqualTo("06:15");
      assertThat(page.select("select#frequency option[selected]").attr("value")).isEqualTo("weekly:FRI");

      // choosing a topic is all it takes
      HttpResponse<String> saved = web.post(url, form("", "save", List.of("agents"), "", "Asia/Tokyo", "06:15",
          "weekly:FRI"));
      assertThat(saved.statusCode()).isEqualTo(303);
      Document after = Jsoup.parse(web.get(url).body());
      assertThat(after.select(".pill").text()).isEqualTo("Subscribed");
      assertThat(after.select(".banner.warn")).isEmpty();
      assertThat(after.select(".next strong").text()).isEqualTo("Friday 20 March at 06:15 (Asia/Tokyo)");
      assertThat(SignUpTest.active(web)).extracting(Subscriber::email).contains("ada@example.org");
    }
  }

  @OnBothDatabases
  void aBadChoiceIsShownAgainWithWhatIsWrongAndNothingIsStored(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      StoredSubscriber ada = confirmed(web, "ada@example.org");
      String url = web.links.manage(ada.id());
      String before = stored(web, ada.id()).prefs();
      HttpResponse<String> r = web.post(url, form(WebHarness.csrf(web.get(url)), "save", List.of(), "mamba, ?!",
          "Mars/Olympus_Mons", "25:00", "fortnightly"));
      assertThat(r.statusCode()).isEqualTo(400);
      Document page = Jsoup.parse(r.body());
      assertThat(page.select("p.error").eachText()).containsExactly(
          "'?!' has no words to search for (too common, or only punctuation).",
          "Choose a time zone from the list.", "Give a time as HH:MM, for example 07:30.", "Choose how often.");
      assertThat(page.select("input#keywords").attr("value")).isEqualTo("mamba, ?!"); // kept for correcting
      assertThat(page.title()).isEqualTo("Error: Your subscription · Paperboy trending papers");
      SignUpTest.assertAccessibleErrors(page, Map.of(
          "keywords", "'?!' has no words to search for (too common, or only punctuation).",
          "timezone", "Choose a time zone from the list.", "send_at", "Give a time as HH:MM, for example 07:30.",
          "frequency", "Choose how often."));
      assertThat(page.select("#error-summary li a").eachAttr("href"))
          .containsExactly("#keywords", "#timezone", "#send_at", "#frequency"); // the form's order
      assertThat(page.select("input#keywords").attr("aria-describedby")).isEqualTo("keywords-hint keywords-error");
      assertThat(stored(web, ada.id()).prefs()).isEqualTo(before);

      r = web.post(url, form(WebHarness.csrf(web.get(url)), "save", List.of(), "", "UTC", "08:00", "daily"));
      assertThat(Jsoup.parse(r.body()).select("p.error").eachText()).containsExactly(
          "Choose at least one topic, or type a keyword.");
    }
  }

  @OnBothDatabases
  void aSubscriberOfTheTopicFileSeesTheirSettingsReadOnlyAndMayStillUnsubscribe(Database.Dialect dialect)
      throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      StoredSubscriber lou = SignUpTest.stored(web, "admin-listed@example.org").orElseThrow();
      String url = web.links.manage(lou.id());
      Document page = Jsoup.parse(web.get(url).body());
      assertThat(page.select(".banner.info").text()).contains("administrator");
      assertThat(page.select("dl.summary dd").eachText())
          .containsExactly("State space models", "Every day at 06:30 (UTC)");
      assertThat(page.select("input[name=topic], select, input#keywords")).isEmpty();
      assertThat(page.select("button[name=action]").eachAttr("value")).containsExactly("unsubscribe");

      // a hand-made save changes nothing for them
      web.post(url, form(WebHarness.csrf(web.get(url)), "save", List.of("agents"), "", "UTC", "09:00", "daily"));
      assertThat(stored(web, lou.id()).prefs()).isNull();
      assertThat(stored(web, lou.id()).status()).isEqualTo(StoredSubscriber.Status.ACTIVE);

      web.post(url, List.of(Map.entry("csrf", WebHarness.csrf(web.get(url))), Map.entry("action", "unsubscribe")));
      assertThat(stored(web, lou.id()).status()).isEqualTo(StoredSubscriber.Status.UNSUBSCRIBED);
      web.reloadTopics();
      assertThat(stored(web, lou.id()).status()).isEqualTo(StoredSubscriber.Status.UNSUBSCRIBED);
    }
  }

  @OnBothDatabases
  void anAdminsFinerInlineTopicSurvivesTheSubscriberSavingTheForm(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      StoredSubscriber ada = confirmed(web, "ada@example.org");
      String handMade = "{\"topics\": [\"ssm\", {\"title\": \"Retrieval\", \"query\": \"retrieval AND augmented\"}],"
          + " \"timezone\": \"UTC\", \"send_at\": \"08:00\", \"frequency\": \"daily\"}";
      web.db.jdbi().useHandle(h -> h.createUpdate("UPDATE subscriber SET prefs = :p WHERE id = :id")
          .bind("p", handMade).bind("id", ada.id()).execute());
      String url = web.links.manage(ada.id());
      assertThat(Jsoup.parse(web.get(url).body()).select("input#keywords").attr("value")).isEqualTo("Retrieval");

      web.post(url, form(WebHarness.csrf(web.get(url)), "save", List.of("ssm"), "Retrieval, diffusion transformers",
          "UTC", "08:00", "daily"));
      assertThat(prefs(web, ada.id()).topics()).extracting(t -> t.query())
          .containsExactly("mamba OR \"state space\"", "retrieval AND augmented", "\"diffusion transformers\"");
    }
  }

  /** Signed up and confirmed through the pages, with diffusion at 07:30 London. */
  static StoredSubscriber confirmed(WebHarness web, String email) {
    web.signUp(email, "diffusion");
    web.deliver();
    String link = web.link(web.mailsTo(email).get(0), "/confirm/");
    web.post(link, List.of(Map.entry("csrf", WebHarness.csrf(web.get(link)))));
    return SignUpTest.stored(web, email).orElseThrow();
  }

  static List<Map.Entry<String, String>> form(String csrf, String action, List<String> topics, String keywords,
      String zone, String at, String frequency) {
    List<Map.Entry<String, String>> f = new ArrayList<>();
    f.add(Map.entry("csrf", csrf));
    f.add(Map.entry("action", action));
    f.add(Map.entry("name", "Ada"));
    for (String t : topics) f.add(Map.entry("topic", t));
    f.add(Map.entry("keywords", keywords));
    f.add(Map.entry("timezone", zone));
    f.add(Map.entry("send_at", at));
    f.add(Map.entry("frequency", frequency));
    return f;
  }

  private static StoredSubscriber stored(WebHarness web, String id) {
    return web.db.jdbi().withHandle(h -> new SubscriberStore(h).byId(id)).orElseThrow();
  }

  private static StoredSubscriber.Status status(WebHarness web, String id) {
    return stored(web, id).status();
  }

  private static Subscriber prefs(WebHarness web, String id) {
    StoredSubscriber s = stored(web, id);
    return Prefs.read("t", s.prefs(), web.topics.get(), s.id(), s.email(), s.name()).subscriber().orElseThrow();
  }
}
