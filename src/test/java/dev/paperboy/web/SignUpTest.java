package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.deliver.DigestPersonaliser;
import dev.paperboy.deliver.OutboxRow;
import dev.paperboy.render.NuChecker;
import dev.paperboy.select.Audience;
import dev.paperboy.select.Prefs;
import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.SubscriberStore;
import dev.paperboy.storage.Database;
import dev.paperboy.testing.Mails;
import dev.paperboy.testing.OnBothDatabases;
import dev.paperboy.web.WebHarness.SignUpForm;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.io.TempDir;

/** Double opt-in over HTTP: sign up, the confirmation mail through the real outbox and senders, confirm. */
class SignUpTest {
  @TempDir Path dir;

  @OnBothDatabases
  void signingUpStoresAPendingSubscriberAndQueuesOneConfirmationUntilItIsSent(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      Document page = Jsoup.parse(web.get("/").body());
      assertThat(page.select("input[name=topic]").eachAttr("value")).containsExactly("diffusion", "ssm", "agents");
      assertThat(page.select("select#timezone option[selected]").text()).isEqualTo("UTC"); // the file's default

      HttpResponse<String> done = web.signUp("Ada@Example.org", "diffusion", "agents");
      assertThat(done.statusCode()).isEqualTo(303);
      assertThat(done.headers().firstValue("Location")).hasValue("/check-your-inbox");
      assertThat(Jsoup.parse(web.get("/check-your-inbox").body()).select("h1").text()).isEqualTo("Check your inbox");

      StoredSubscriber ada = stored(web, "ada@example.org").orElseThrow();
      assertThat(ada.status()).isEqualTo(StoredSubscriber.Status.PENDING);
      assertThat(ada.origin()).isEqualTo(Subscriber.Origin.WEB);
      Subscriber prefs = Prefs.read("t", ada.prefs(), web.topics.get(), ada.id(), ada.email(), ada.name()).subscriber()
          .orElseThrow();
      assertThat(prefs.topics()).extracting(t -> t.key()).containsExactly("diffusion", "agents");
      assertThat(prefs.timezone().getId()).isEqualTo("Europe/London");
      assertThat(prefs.sendAt()).isEqualTo(LocalTime.of(7, 30));

      // again while the first mail waits: one subscriber, one mail, to the address as last spelt
      assertThat(web.signUp("ada@example.org", "diffusion").statusCode()).isEqualTo(303);
      assertThat(web.outbox.rowsFor(ada.id())).singleElement()
          .satisfies(r -> assertThat(r.kind()).isEqualTo(OutboxRow.Kind.CONFIRM));
      assertThat(web.deliver().sent()).isEqualTo(1);

      MimeMessage mail = web.mailsTo("ada@example.org").get(0);
      assertThat(mail.getSubject()).isEqualTo("Confirm your subscription to Paperboy trending papers");
      assertThat(mail.getHeader("List-Unsubscribe")[0]).contains(WebHarness.BASE_URL + "/unsubscribe/");
      assertThat(Mails.part(mail, "text/html")).contains("Confirm my subscription").contains("48 hours");
      assertThat(web.link(mail, "/confirm/")).doesNotContain("ada").doesNotContain("example.org");
      // the same bulk-sender headers as a digest, and valid HTML
      assertThat(mail.getHeader("From")[0]).matches("\"?[^<\"]+\"? <[^>]+>");
      assertThat(mail.getHeader("List-Id")[0]).matches(".*<[^>]+>");
      assertThat(mail.getHeader("List-Unsubscribe")[0]).contains("<mailto:");
      assertThat(mail.getHeader("Feedback-ID")[0]).doesNotContain("ada").doesNotContain(ada.id());
      assertThat(mail.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
      assertThat(mail.getHeader("Precedence")[0]).isEqualTo("bulk");
      assertThat(NuChecker.realErrors(Mails.part(mail, "text/html"))).isEmpty();

      // again after it went out: a new confirmation, numbered, no new subscriber
      web.signUp("ada@example.org", "ssm");
      assertThat(web.deliver().sent()).isEqualTo(1);
      assertThat(web.outbox.rowsFor(ada.id())).extracting(OutboxRow::resendNo).containsExactly(0, 1);
      assertThat(web.mailsTo("ada@example.org")).hasSize(2);
      assertThat(count(web)).isEqualTo(2); // ada and the file's subscriber
      // the latest choice wins while pending
      assertThat(stored(web, "ada@example.org").orElseThrow().prefs()).contains("\"ssm\"").doesNotContain("diffusion");
    }
  }

  @OnBothDatabases
  void confirmingTakesAPostAndMakesTheSubscriberActive(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      web.signUp("grace@example.org", "ssm");
      web.deliver();
      String link = web.link(web.mailsTo("grace@example.org").get(0), "/confirm/");

      // a link scanner fetches it: nothing changes
      HttpResponse<String> page = web.stranger().send(java.net.http.HttpRequest.newBuilder(web.uri(link)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(stored(web, "grace@example.org").orElseThrow().status()).isEqualTo(StoredSubscriber.Status.PENDING);
      assertThat(active(web)).extracting(Subscriber::email).doesNotContain("grace@example.org");

      HttpResponse<String> button = web.get(link);
      assertThat(Jsoup.parse(button.body()).select("form button").text()).isEqualTo("Confirm my subscription");
      HttpResponse<String> confirmed = web.post(link, List.of(java.util.Map.entry("csrf", WebHarness.csrf(button))));
      assertThat(confirmed.statusCode()).isEqualTo(200);
      Document done = Jsoup.parse(confirmed.body());
      assertThat(done.select("h1").text()).isEqualTo("You are subscribed");
      // her time, next in London: 07:30 on the 15th (it is 09:00 on the 14th)
      assertThat(done.select("p.text").text()).contains("Sunday 15 March at 07:30 (Europe/London)");
      assertThat(done.select("main a").attr("href")).startsWith(WebHarness.BASE_URL + "/manage/");

      StoredSubscriber grace = stored(web, "grace@example.org").orElseThrow();
      assertThat(grace.status()).isEqualTo(StoredSubscriber.Status.ACTIVE);
      assertThat(grace.confirmedAt()).isEqualTo(WebHarness.START);
      assertThat(web.changes.get()).isEqualTo(1); // the scheduler was told
      assertThat(active(web)).extracting(Subscriber::email).contains("grace@example.org");

      // the link now says so without a button; posting the form twice is harmless
      assertThat(Jsoup.parse(web.get(link).body()).select("h1").text()).isEqualTo("You are subscribed");
      assertThat(web.post(link, List.of(java.util.Map.entry("csrf", WebHarness.csrf(button)))).statusCode())
          .isEqualTo(200);
      assertThat(web.changes.get()).isEqualTo(1);
      // signing up again now sends the manage link and changes nothing
      assertThat(web.signUp("grace@example.org", "diffusion").statusCode()).isEqualTo(303);
      web.deliver();
      MimeMessage already = web.mailsTo("grace@example.org").get(1);
      assertThat(already.getSubject()).isEqualTo("Your subscription to Paperboy trending papers");
      assertThat(Mails.part(already, "text/plain")).contains("already subscribed").doesNotContain("/confirm/");
      assertThat(web.link(already, "/manage/")).isNotBlank();
      assertThat(stored(web, "grace@example.org").orElseThrow().prefs()).contains("\"ssm\"").doesNotContain("diffusion");
    }
  }

  @OnBothDatabases
  void aConfirmationLinkActivatesOnlyTheChoiceItWasMailedFor(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      web.signUp(web.http, new SignUpForm("victim@example.org", "Victim", List.of("ssm"), "", "Europe/London", "07:00",
          "daily"));
      web.deliver();
      String first = web.link(web.mailsTo("victim@example.org").get(0), "/confirm/");
      // the page says what the button confirms, before it is pressed
      HttpResponse<String> page = web.get(first);
      Document shown = Jsoup.parse(page.body());
      assertThat(summary(shown)).containsExactly(
          Map.entry("Topics", "State space models"), Map.entry("How often", "Every day"), Map.entry("Time", "07:00"),
          Map.entry("Time zone", "Europe/London"), Map.entry("Greeting", "Hi Victim,"));
      assertThat(shown.select("form button").text()).isEqualTo("Confirm my subscription");

      // meanwhile someone else, in another browser, signs the same address up with a choice of their own
      HttpClient stranger = web.otherBrowser();
      assertThat(web.signUp(stranger, new SignUpForm("victim@example.org", "Visit evil.example now",
          List.of("agents"), "<img src=x onerror=alert(1)>", "UTC", "03:00", "weekly:SUN")).statusCode()).isEqualTo(303);
      web.deliver();
      String second = web.link(web.mailsTo("victim@example.org").get(1), "/confirm/");

      // the victim presses the button of the first link: it confirms nothing now, and says why
      HttpResponse<String> pressed = web.post(first, List.of(Map.entry("csrf", WebHarness.csrf(page))));
      assertThat(pressed.statusCode()).isEqualTo(410);
      assertThat(Jsoup.parse(pressed.body()).select("h1").text()).isEqualTo("A newer sign-up is waiting");
      assertThat(Jsoup.parse(pressed.body()).select("p.text").text()).contains("Use the link in the latest confirmation mail");
      assertThat(stored(web, "victim@example.org").orElseThrow().status()).isEqualTo(StoredSubscriber.Status.PENDING);
      assertThat(active(web)).extracting(Subscriber::email).doesNotContain("victim@example.org");
      assertThat(web.changes.get()).isZero();
      HttpResponse<String> again = web.get(first);
      assertThat(again.statusCode()).isEqualTo(410);
      assertThat(Jsoup.parse(again.body()).select("form")).isEmpty();

      // the latest mail's page shows the stranger's choice as text, so its owner sees it and need not confirm it
      HttpResponse<String> theirs = web.get(second);
      assertThat(theirs.statusCode()).isEqualTo(200);
      Document theirPage = Jsoup.parse(theirs.body());
      assertThat(summary(theirPage)).containsExactly(
          Map.entry("Topics", "LLM agents <img src=x onerror=alert(1)>"), Map.entry("How often", "Sundays"),
          Map.entry("Time", "03:00"), Map.entry("Time zone", "UTC"), Map.entry("Greeting", "Hi Visit evil.example now,"));
      assertThat(theirPage.select("dl.summary li").eachText()).containsExactly("LLM agents", "<img src=x onerror=alert(1)>");
      assertThat(theirPage.select("img")).isEmpty();
      assertThat(theirs.body()).contains("&lt;img src=x onerror=alert(1)&gt;");

      // the owner signs up again with their own choice; that mail's link confirms exactly it
      web.signUp(web.http, new SignUpForm("victim@example.org", "Victim", List.of("ssm"), "", "Europe/London", "07:00",
          "daily"));
      web.deliver();
      String third = web.link(web.mailsTo("victim@example.org").get(2), "/confirm/");
      assertThat(web.post(third, List.of(Map.entry("csrf", WebHarness.csrf(web.get(third))))).statusCode()).isEqualTo(200);
      StoredSubscriber victim = stored(web, "victim@example.org").orElseThrow();
      assertThat(victim.status()).isEqualTo(StoredSubscriber.Status.ACTIVE);
      assertThat(victim.name()).isEqualTo("Victim");
      assertThat(active(web)).filteredOn(a -> a.email().equals("victim@example.org")).singleElement().satisfies(a -> {
        assertThat(a.topics()).extracting(t -> t.key()).containsExactly("ssm");
        assertThat(a.sendAt()).isEqualTo(LocalTime.of(7, 0));
        assertThat(a.timezone().getId()).isEqualTo("Europe/London");
      });
      // and the stranger's link, pressed now, changes nothing
      HttpResponse<String> late = web.post(second, List.of(Map.entry("csrf", WebHarness.csrf(theirs))));
      assertThat(Jsoup.parse(late.body()).select("h1").text()).isEqualTo("You are subscribed");
      assertThat(stored(web, "victim@example.org").orElseThrow()).isEqualTo(victim);
      assertThat(web.changes.get()).isEqualTo(1);
    }
  }

  @OnBothDatabases
  void signingUpAgainBeforeTheMailLeavesPutsTheLatestLinkIntoTheOneMail(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      web.signUp("victim@example.org", "ssm");
      String id = stored(web, "victim@example.org").orElseThrow().id();
      String queued = web.outbox.rowsFor(id).get(0).recipient().get(DigestPersonaliser.CONFIRM_URL);

      web.signUp(web.otherBrowser(), new SignUpForm("victim@example.org", "Eve", List.of("agents"), "", "UTC", "03:00",
          "daily"));
      assertThat(web.outbox.rowsFor(id)).singleElement().satisfies(r -> assertThat(
          r.recipient().get(DigestPersonaliser.CONFIRM_URL)).isNotEqualTo(queued));
      assertThat(web.deliver().sent()).isEqualTo(1);
      String mailed = web.link(web.mailsTo("victim@example.org").get(0), "/confirm/");
      // what the queued row held before is a link for the first choice: it confirms nothing any more
      assertThat(web.get(queued).statusCode()).isEqualTo(410);
      // the one mail's link shows, and would confirm, the choice stored now
      assertThat(summary(Jsoup.parse(web.get(mailed).body()))).contains(Map.entry("Topics", "LLM agents"),
          Map.entry("Time", "03:00"));
    }
  }

  @OnBothDatabases
  void aLinkMadeBeforeLinksNamedTheirChoiceHasExpired(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      web.signUp("old@example.org", "ssm");
      String id = stored(web, "old@example.org").orElseThrow().id();
      long expiry = WebHarness.START.plus(java.time.Duration.ofHours(48)).getEpochSecond();
      String old = "/confirm/" + web.tokens.sign(dev.paperboy.token.Purpose.CONFIRM, id + "|" + expiry);

      HttpResponse<String> page = web.get(old);
      assertThat(page.statusCode()).isEqualTo(410);
      assertThat(Jsoup.parse(page.body()).select("h1").text()).isEqualTo("This link has expired");
      assertThat(web.post(old, List.of(Map.entry("csrf", WebHarness.csrf(web.get("/"))))).statusCode()).isEqualTo(410);
      assertThat(stored(web, "old@example.org").orElseThrow().status()).isEqualTo(StoredSubscriber.Status.PENDING);
    }
  }

  @OnBothDatabases
  void aShortConfirmTtlIsSaidAsItIsInTheMail(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "confirm_ttl: 45s")) {
      web.signUp("quick@example.org", "ssm");
      web.deliver();
      MimeMessage mail = web.mailsTo("quick@example.org").get(0);
      assertThat(Mails.part(mail, "text/plain")).contains("The link works for 45 seconds.").doesNotContain("0 hours");
      assertThat(Jsoup.parse(Mails.part(mail, "text/html")).text()).contains("The link works for 45 seconds.");
      String link = web.link(mail, "/confirm/");
      assertThat(web.get(link).statusCode()).isEqualTo(200);
      web.clock.advance(java.time.Duration.ofSeconds(45));
      assertThat(web.get(link).statusCode()).isEqualTo(410);
    }
  }

  @OnBothDatabases
  void aBrowserThatBlocksCookiesCanConfirmButNotFromAnotherSite(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      web.signUp("hedy@example.org", "agents");
      web.deliver();
      String link = web.link(web.mailsTo("hedy@example.org").get(0), "/confirm/");
      HttpResponse<String> page = web.stranger().send(java.net.http.HttpRequest.newBuilder(web.uri(link)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.headers().firstValue("Set-Cookie")).as("the token is the key: no cookie").isEmpty();
      assertThat(Jsoup.parse(page.body()).select("form input[name=csrf]")).isEmpty();

      // another site's page posting to the link, as a browser reports it: refused, nothing changes
      assertThat(web.postWithoutCookies(link, List.of(), "Origin", "https://evil.example").statusCode()).isEqualTo(403);
      assertThat(web.postWithoutCookies(link, List.of(), "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
      assertThat(stored(web, "hedy@example.org").orElseThrow().status()).isEqualTo(StoredSubscriber.Status.PENDING);

      HttpResponse<String> confirmed = web.postWithoutCookies(link, List.of());
      assertThat(confirmed.statusCode()).isEqualTo(200);
      assertThat(Jsoup.parse(confirmed.body()).select("h1").text()).isEqualTo("You are subscribed");
      assertThat(stored(web, "hedy@example.org").orElseThrow().status()).isEqualTo(StoredSubscriber.Status.ACTIVE);
      // an HTTP client that sends no Origin at all (curl, an old browser) gets the same
      web.signUp("ida@example.org", "agents");
      web.deliver();
      String second = web.link(web.mailsTo("ida@example.org").get(0), "/confirm/");
      assertThat(web.stranger().send(java.net.http.HttpRequest.newBuilder(web.uri(second))
          .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode()).isEqualTo(200);
      assertThat(stored(web, "ida@example.org").orElseThrow().status()).isEqualTo(StoredSubscriber.Status.ACTIVE);
    }
  }

  @OnBothDatabases
  void aConfirmationLinkExpiresAfterConfirmTtl(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) { // web.confirm_ttl: 48h by default
      web.signUp("kurt@example.org", "agents");
      web.deliver();
      String link = web.link(web.mailsTo("kurt@example.org").get(0), "/confirm/");
      String csrf = WebHarness.csrf(web.get(link));
      web.clock.advanceHours(48);

      HttpResponse<String> late = web.post(link, List.of(java.util.Map.entry("csrf", csrf)));
      assertThat(late.statusCode()).isEqualTo(410);
      assertThat(Jsoup.parse(late.body()).select("h1").text()).isEqualTo("This link has expired");
      assertThat(stored(web, "kurt@example.org").orElseThrow().status()).isEqualTo(StoredSubscriber.Status.PENDING);

      // a fresh sign-up gives a fresh link that works
      web.signUp("kurt@example.org", "agents");
      web.deliver();
      String fresh = web.link(web.mailsTo("kurt@example.org").get(1), "/confirm/");
      assertThat(web.post(fresh, List.of(java.util.Map.entry("csrf", WebHarness.csrf(web.get(fresh))))).statusCode())
          .isEqualTo(200);
      assertThat(stored(web, "kurt@example.org").orElseThrow().status()).isEqualTo(StoredSubscriber.Status.ACTIVE);
    }
  }

  @OnBothDatabases
  void anAddressTheFileListsMustConfirmAgainAfterUnsubscribingAndSigningUp(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      StoredSubscriber lou = stored(web, "admin-listed@example.org").orElseThrow();
      assertThat(web.stranger().send(java.net.http.HttpRequest.newBuilder(web.uri(web.links.unsubscribe(lou.id())))
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

      web.signUp("admin-listed@example.org", "diffusion");
      web.reloadTopics(); // the file still lists Lou, but that is no consent: pending until confirmed
      StoredSubscriber pending = stored(web, "admin-listed@example.org").orElseThrow();
      assertThat(pending.status()).isEqualTo(StoredSubscriber.Status.PENDING);
      assertThat(pending.origin()).isEqualTo(Subscriber.Origin.FILE);
      assertThat(pending.prefs()).isNull(); // the file keeps managing Lou's topics
      assertThat(active(web)).extracting(Subscriber::email).doesNotContain("admin-listed@example.org");

      web.deliver();
      String link = web.link(web.mailsTo("admin-listed@example.org").get(0), "/confirm/");
      web.post(link, List.of(java.util.Map.entry("csrf", WebHarness.csrf(web.get(link)))));
      web.reloadTopics();
      assertThat(active(web)).filteredOn(s -> s.email().equals("admin-listed@example.org")).singleElement()
          .satisfies(s -> assertThat(s.sendAt()).isEqualTo(LocalTime.of(6, 30))); // the file's settings
    }
  }

  /** The confirm page's summary: each term with its description, list items joined by a space. */
  static Map<String, String> summary(Document page) {
    Map<String, String> out = new LinkedHashMap<>();
    for (var dt : page.select("dl.summary dt")) out.put(dt.text(), dt.nextElementSibling().text());
    return out;
  }

  @OnBothDatabases
  void aSignUpRedirectsToANoticeThatReloadsWithoutPostingAgainAndNamesNoAddress(Database.Dialect dialect)
      throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "subscribe_per_ip_per_hour: 2")) {
      HttpResponse<String> posted = web.signUp("ada@example.org", "diffusion");
      assertThat(posted.statusCode()).isEqualTo(303);
      String notice = posted.headers().firstValue("Location").orElseThrow();
      assertThat(notice).isEqualTo("/check-your-inbox").doesNotContain("ada");
      // reloading the notice, as often as one likes: no post, no mail, nothing counted against the limit
      for (int i = 0; i < 4; i++) {
        HttpResponse<String> page = web.get(notice);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(Jsoup.parse(page.body()).select("h1").text()).isEqualTo("Check your inbox");
        assertThat(page.body()).doesNotContain("ada@example.org");
      }
      assertThat(web.outbox.countQueued()).isEqualTo(1);
      // an address already subscribed lands on the very same page (the form tells nobody who is subscribed)
      StoredSubscriber lou = stored(web, "admin-listed@example.org").orElseThrow();
      HttpResponse<String> again = web.signUp(lou.email(), "diffusion");
      assertThat(again.statusCode()).isEqualTo(303); // the second post of this address: within the limit of 2
      assertThat(again.headers().firstValue("Location")).hasValue(notice);
      assertThat(web.outbox.countQueued()).isEqualTo(2); // Lou's manage link
    }
  }

  @OnBothDatabases
  void aFailedSignUpSaysSoInTheTitleSummarisesTheErrorsAndMarksEachField(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      Document form = Jsoup.parse(web.get("/").body());
      assertThat(form.title()).isEqualTo("Subscribe · Paperboy trending papers");
      assertThat(form.select("#error-summary, [aria-invalid]")).isEmpty();

      HttpResponse<String> r = web.post("/", List.of(java.util.Map.entry("csrf", WebHarness.csrf(web.get("/"))),
          java.util.Map.entry("email", "not-an-address"), java.util.Map.entry("name", "Ada"),
          java.util.Map.entry("keywords", ""), java.util.Map.entry("timezone", "UTC"),
          java.util.Map.entry("send_at", "25:00"), java.util.Map.entry("frequency", "daily")));
      assertThat(r.statusCode()).isEqualTo(400);
      Document page = Jsoup.parse(r.body());
      assertThat(page.title()).isEqualTo("Error: Subscribe · Paperboy trending papers");
      List<String> messages = page.select("p.error").eachText();
      assertThat(messages).hasSize(3); // email, topics, send_at
      assertAccessibleErrors(page, java.util.Map.of("email", messages.get(0), "topic-diffusion", messages.get(1),
          "send_at", messages.get(2)));
      // the checkboxes of the topics share their fieldset's description
      assertThat(page.select("input[name=topic]").eachAttr("aria-invalid")).containsOnly("true").hasSize(3);
      assertThat(page.select("fieldset:has(input[name=topic])").attr("aria-describedby")).isEqualTo("topics-error");
    }
  }

  /**
   * The accessible error pattern: the summary first, focused and announced, one link per error in the
   * form's order to the element it names; each of those elements aria-invalid and described by its
   * message; no other element marked invalid.
   *
   * @param invalid the id of each invalid element and its message, in the form's order
   */
  static void assertAccessibleErrors(Document page, java.util.Map<String, String> invalid) {
    org.jsoup.nodes.Element summary = page.selectFirst("main > #error-summary");
    assertThat(summary).as("the error summary").isNotNull();
    assertThat(page.selectFirst("main").child(0)).as("the first thing in main").isEqualTo(summary);
    assertThat(summary.attr("role")).isEqualTo("alert");
    assertThat(summary.hasAttr("autofocus")).as("takes the focus on load, without script").isTrue();
    assertThat(summary.attr("tabindex")).isEqualTo("-1");
    assertThat(page.getElementById(summary.attr("aria-labelledby"))).isNotNull();
    List<String> targets = new ArrayList<>();
    for (org.jsoup.nodes.Element a : summary.select("li a")) {
      String id = a.attr("href").substring(1);
      targets.add(id);
      assertThat(a.text()).isEqualTo(invalid.get(id));
    }
    assertThat(targets).containsExactlyInAnyOrderElementsOf(invalid.keySet());
    for (var e : invalid.entrySet()) {
      org.jsoup.nodes.Element field = page.getElementById(e.getKey());
      assertThat(field).as(e.getKey()).isNotNull();
      assertThat(field.attr("aria-invalid")).as(e.getKey()).isEqualTo("true");
      List<String> described = new ArrayList<>();
      for (String id : field.attr("aria-describedby").split(" ")) {
        if (id.isEmpty()) continue;
        org.jsoup.nodes.Element d = page.getElementById(id);
        assertThat(d).as(e.getKey() + " is described by #" + id).isNotNull();
        described.add(d.text());
      }
      // a topic checkbox is described by its fieldset (the group), every other field by itself
      if (field.attr("name").equals("topic")) {
        described.add(page.getElementById(field.closest("fieldset").attr("aria-describedby")).text());
      }
      assertThat(described).as(e.getKey()).contains(e.getValue());
    }
    assertThat(page.select("[aria-invalid]:not([name=topic])").eachAttr("id"))
        .containsExactlyInAnyOrderElementsOf(invalid.keySet().stream().filter(id -> !id.startsWith("topic-")).toList());
  }

  static Optional<StoredSubscriber> stored(WebHarness web, String email) {
    return web.db.jdbi().withHandle(h -> new SubscriberStore(h).byEmail(email));
  }

  static int count(WebHarness web) {
    return web.db.jdbi().withHandle(h -> new SubscriberStore(h).count());
  }

  static List<Subscriber> active(WebHarness web) {
    List<Subscriber> out = new ArrayList<>();
    new Audience(web.db.jdbi(), web.clock).forEachActive(web.topics.get(), out::add);
    return out;
  }
}
