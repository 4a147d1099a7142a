package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.icegreen.greenmail.util.GreenMail;
import dev.paperboy.testing.Cli;
import dev.paperboy.testing.GreenMails;
import dev.paperboy.testing.Mails;
import dev.paperboy.testing.TestDatabases;
import dev.paperboy.testing.TestHome;
import dev.paperboy.storage.Database;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

/**
 * A reader in a real browser (Debian's headless Chromium through chromedriver) against `paperboy
 * serve` in this JVM: is told what is wrong with a sign-up (title, focused error summary), subscribes
 * on the sign-up page, reads the confirmation mail from GreenMail, gets no digest from a real digest
 * cycle ({@code paperboy send}, the scheduler's code path) before confirming, confirms in a second
 * browser that blocks cookies (and pauses and resumes there, from a manage link with a trailing slash),
 * gets a digest from the next cycle, follows its unsubscribe link, and gets no digest from the cycle
 * after that, while a subscriber of the topic file does.
 *
 * <p>Skipped when chromium or chromedriver is missing, unless {@code PAPERBOY_REQUIRE_BROWSER=1} (CI).
 * With {@code PAPERBOY_SCREENSHOTS=DIR} it saves {@code subscribe.png} and {@code manage.png} there
 * (how docs/screenshots/ was made).
 */
class WebBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /** The zone the browser runs in: the sign-up form's script pre-selects it. */
  private static final String BROWSER_ZONE = "Europe/Berlin";
  private static final String READER = "reader@example.org";
  private static final String CONTROL = "control@example.org";

  @TempDir Path dir;
  @TempDir Path profile;
  @TempDir Path cookielessProfile;
  private GreenMail smtp;
  private WebDriver browser;
  private WebDriver cookieless;

  @BeforeEach
  void start() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && "1".equals(System.getenv("PAPERBOY_REQUIRE_BROWSER"))) {
      fail("PAPERBOY_REQUIRE_BROWSER=1 but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing");
    }
    Assumptions.assumeTrue(present, "no " + CHROMIUM + " and " + CHROMEDRIVER + ": browser test skipped");
    smtp = GreenMails.start(0);
  }

  @AfterEach
  void stop() {
    if (browser != null) browser.quit();
    if (cookieless != null) cookieless.quit();
    if (smtp != null) smtp.stop();
  }

  @Test
  void aReaderSubscribesConfirmsGetsADigestUnsubscribesAndGetsNoMore() throws Exception {
    int port = freePort();
    String base = "http://127.0.0.1:" + port;
    TestHome home = home(port, base);
    // `paperboy send` runs in this JVM beside serve: its senders need a lease owner of their own, as
    // another process (another pid) would have, or each would give back rows the other has claimed
    Cli cli = home.cli().env("PAPERBOY_SERVE_NODE_ID", "send-command");
    assertThat(cli.run("ingest", TestHome.sample("daily-papers-listing-mar12.txt")).exitCode()).isZero();

    try (AppContext app = new AppContext(Map.of(), dir, null, Clock.systemUTC()); Server server = new Server(app)) {
      server.start();
      assertThat(server.web().port()).isEqualTo(port);
      browser = chromium(profile, true);
      Path shots = screenshotDir();

      // a sign-up the server refuses (no topic, no keyword): the title says so and the error summary,
      // first in the page, has the focus, so a screen reader starts there
      browser.get(base + "/");
      browser.findElement(By.id("email")).sendKeys(READER);
      submit(browser.findElement(By.cssSelector("main form button[type=submit]")));
      assertThat(browser.getTitle()).startsWith("Error: Subscribe");
      assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("error-summary");
      assertThat(browser.findElement(By.cssSelector("#error-summary a")).getText())
          .isEqualTo("Choose at least one topic, or type a keyword.");
      assertThat(browser.findElement(By.id("topic-diffusion")).getAttribute("aria-invalid")).isEqualTo("true");

      // the sign-up page, time zone filled in by its script
      browser.get(base + "/");
      assertThat(browser.getTitle()).contains("Subscribe");
      Select zone = new Select(browser.findElement(By.id("timezone")));
      assertThat(zone.getFirstSelectedOption().getAttribute("value")).isEqualTo(BROWSER_ZONE);
      browser.findElement(By.id("email")).sendKeys(READER);
      browser.findElement(By.id("name")).sendKeys("Rita Reader");
      checkTopic("diffusion");
      browser.findElement(By.id("keywords")).sendKeys("speculative decoding");
      new Select(browser.findElement(By.id("frequency"))).selectByValue("daily");
      if (shots != null) screenshot(shots.resolve("subscribe.png"));
      submit(browser.findElement(By.cssSelector("main form button[type=submit]")));
      assertThat(heading()).isEqualTo("Check your inbox");
      // reached by a redirect: reloading it sends nothing again (the mail count below shows it)
      assertThat(browser.getCurrentUrl()).isEqualTo(base + "/check-your-inbox");
      browser.navigate().refresh();
      assertThat(heading()).isEqualTo("Check your inbox");

      // double opt-in: the running senders deliver the confirmation; nothing else goes to the address yet
      MimeMessage confirmation = awaitMail(READER, 1).get(0);
      assertThat(confirmation.getSubject()).startsWith("Confirm your subscription");
      // a digest cycle while the reader has not confirmed: the topic file's subscriber gets today's digest
      assertThat(cli.run("send").exitCode()).isZero();
      assertThat(awaitMail(CONTROL, 1)).hasSize(1);
      Thread.sleep(1_000); // the running senders' poll interval, five times over
      assertThat(mailsTo(READER)).as("nothing but the confirmation before confirming").hasSize(1);

      // the reader opens the mail in another browser, one that blocks cookies: the link is the key
      WebDriver other = cookieless = chromium(cookielessProfile, false);
      other.get(base + "/");
      assertThat(other.manage().getCookies()).as("cookies are blocked").isEmpty();
      other.get(link(confirmation, base, "/confirm/"));
      assertThat(heading(other)).isEqualTo("One more click");
      // what the button confirms, shown before it is pressed
      assertThat(other.findElement(By.cssSelector("dl.summary")).getText()).contains("Diffusion models")
          .contains("speculative decoding").contains("07:30").contains(BROWSER_ZONE).contains("Hi Rita Reader,");
      submit(other, other.findElement(By.cssSelector("main form button")));
      assertThat(heading(other)).isEqualTo("You are subscribed");
      assertThat(server.scheduler().describe()).anySatisfy(s -> assertThat(s).startsWith(BROWSER_ZONE + " "));
      // its manage link with a trailing slash, as copy-paste leaves it: pausing lands back on the page
      String manage = other.findElement(By.linkText("Manage your subscription")).getAttribute("href");
      other.get(manage + "/");
      submit(other, other.findElement(By.cssSelector("button[value=pause]")));
      assertThat(other.getCurrentUrl()).isEqualTo(manage + "?done=paused");
      assertThat(other.findElement(By.cssSelector(".banner.ok")).getText()).isEqualTo("Paused: no digests until you resume.");
      submit(other, other.findElement(By.cssSelector("button[value=resume]")));
      assertThat(other.findElement(By.cssSelector(".banner.ok")).getText()).isEqualTo("Resumed: your digests are back.");
      assertThat(other.manage().getCookies()).isEmpty();

      // the first browser: the link again says so, without a button
      browser.get(link(confirmation, base, "/confirm/"));
      assertThat(heading()).isEqualTo("You are subscribed");

      // the manage page, from the link on the confirmation page
      submit(browser.findElement(By.linkText("Manage your subscription")));
      assertThat(heading()).isEqualTo("Your subscription");
      assertThat(browser.findElement(By.cssSelector("p.status")).getText()).contains("Subscribed").contains(READER);
      assertThat(browser.findElement(By.cssSelector("input[name=topic][value=diffusion]")).isSelected()).isTrue();
      assertThat(browser.findElement(By.id("send_at")).getAttribute("value")).isEqualTo("07:30");
      assertThat(browser.findElement(By.cssSelector("p.next")).getText()).contains("at 07:30 (" + BROWSER_ZONE + ")");
      if (shots != null) screenshot(shots.resolve("manage.png"));

      // the same cycle again, now confirmed: the reader's digest (the file's subscriber has today's already)
      assertThat(cli.run("send").exitCode()).isZero();
      MimeMessage digest = awaitMail(READER, 2).get(1);
      assertThat(digest.getSubject()).doesNotStartWith("Confirm");
      assertThat(Mails.part(digest, "text/plain")).contains("Absorbing Discrete Diffusion");
      assertThat(mailsTo(CONTROL)).hasSize(1);

      // its unsubscribe link: a page with one button
      browser.get(link(digest, base, "/unsubscribe/"));
      assertThat(heading()).isEqualTo("Unsubscribe?");
      submit(browser.findElement(By.cssSelector("main form button")));
      assertThat(heading()).isEqualTo("You are unsubscribed");
      assertThat(server.scheduler().describe()).noneSatisfy(s -> assertThat(s).startsWith(BROWSER_ZONE + " "));

      // the next cycle: the topic file's subscriber gets a digest, the reader none
      assertThat(cli.run("ingest", TestHome.sample("daily-papers-listing-mar13.txt")).exitCode()).isZero();
      String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
      assertThat(cli.run("send", "--date", tomorrow).exitCode()).isZero();
      assertThat(awaitMail(CONTROL, 2)).hasSize(2);
      Thread.sleep(1_000); // the running senders' poll interval, five times over
      assertThat(mailsTo(READER)).hasSize(2);
      assertThat(cli.run("subscribers", "--status", "unsubscribed").out()).contains(READER);

      // two months on, pruning takes the file subscriber's first digest (the second is their latest):
      // its view-in-browser link says so, the second's still shows the digest
      String today = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
      MimeMessage first = mailsTo(CONTROL).stream().filter(m -> messageId(m).startsWith("<" + today + ".")).findFirst()
          .orElseThrow();
      MimeMessage second = mailsTo(CONTROL).stream().filter(m -> m != first).findFirst().orElseThrow();
      Cli.Result pruned = cli.clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(60))).run("prune", "--keep", "40d");
      assertThat(pruned.out()).as(pruned.err()).containsPattern("^deleted [1-9]");
      browser.get(link(first, base, "/digest/"));
      assertThat(heading()).isEqualTo("This digest is no longer kept");
      browser.get(link(second, base, "/digest/"));
      assertThat(browser.findElement(By.tagName("body")).getText()).contains("Diffusion");
    }
  }

  private static String messageId(MimeMessage m) {
    try {
      return m.getMessageID();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private TestHome home(int port, String base) {
    // no slot of the file's subscriber falls within max_age, so serve catches nothing up on start
    String controlAt = LocalTime.now(ZoneOffset.UTC).plusHours(6).format(DateTimeFormatter.ofPattern("HH:mm"));
    return new TestHome(dir).config("""
        storage:
          url: "%s"
          username: "%s"
        mail:
          list_name: Paperboy trending papers
        delivery:
          transport: smtp
          poll_interval: 200ms
          max_age: 2h
        smtp:
          host: 127.0.0.1
          port: %d
        web:
          host: 127.0.0.1
          port: %d
          base_url: "%s"
          secrets: "t1:web-browser-test-secret-0123"
        """.formatted(TestDatabases.url(Database.Dialect.H2), TestDatabases.user(Database.Dialect.H2),
            smtp.getSmtp().getPort(), port, base))
        .topics("""
            defaults: {timezone: UTC, send_at: "07:30", send_empty: true}
            topics:
              diffusion: {title: Diffusion models, query: 'diffusion OR denoising'}
              ssm: {title: State space models, query: 'mamba OR "state space"'}
              agents: {title: LLM agents, query: 'agent OR agents'}
            subscribers:
              - {email: %s, name: Control, topics: [diffusion], send_at: "%s"}
            """.formatted(CONTROL, controlAt));
  }

  /** @param cookies false: a browser that blocks every cookie, as some readers set theirs */
  private WebDriver chromium(Path profile, boolean cookies) {
    ChromeOptions options = new ChromeOptions();
    if (!cookies) options.setExperimentalOption("prefs", Map.of("profile.default_content_setting_values.cookies", 2));
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--lang=en-GB", "--window-size=1000,1180",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .withEnvironment(Map.of("TZ", BROWSER_ZONE, "LANG", "en_GB.UTF-8", "LANGUAGE", "en_GB"))
        .build();
    WebDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    driver.manage().window().setSize(new Dimension(1000, 1180));
    return driver;
  }

  private void checkTopic(String key) {
    // the checkbox sits inside its chip's label: click the label, as a reader would
    WebElement box = browser.findElement(By.cssSelector("input[name=topic][value=" + key + "]"));
    box.findElement(By.xpath("..")).click();
    assertThat(box.isSelected()).isTrue();
  }

  /** Clicks a button or link and waits for the next page. */
  private void submit(WebElement button) {
    submit(browser, button);
  }

  private void submit(WebDriver in, WebElement button) {
    WebElement html = in.findElement(By.tagName("html"));
    button.click();
    awaitStale(in, html);
  }

  /**
   * Waits until {@code old} is no longer in the page. While the old document is being replaced, Chrome
   * may answer "Node with given id does not belong to the document" instead of a stale-element error
   * (one CI run failed on it): that means the same.
   */
  private static void awaitStale(WebDriver in, WebElement old) {
    new org.openqa.selenium.support.ui.WebDriverWait(in, Duration.ofSeconds(20)).until(d -> {
      try {
        old.isEnabled();
        return false;
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        return true;
      } catch (org.openqa.selenium.WebDriverException e) {
        if (String.valueOf(e.getMessage()).contains("does not belong to the document")) return true;
        throw e;
      }
    });
  }

  private String heading() {
    return heading(browser);
  }

  private static String heading(WebDriver in) {
    return in.findElement(By.tagName("h1")).getText();
  }

  private void screenshot(Path file) throws IOException {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.createDirectories(file.getParent());
    Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
  }

  private static Path screenshotDir() {
    String d = System.getenv("PAPERBOY_SCREENSHOTS");
    return d == null || d.isBlank() ? null : Path.of(d).toAbsolutePath();
  }

  private List<MimeMessage> mailsTo(String email) {
    return List.of(smtp.getReceivedMessages()).stream().filter(m -> Mails.to(m).equals(email)).toList();
  }

  /** The mails to one address, once there are at least {@code n} (15 s at most). */
  private List<MimeMessage> awaitMail(String email, int n) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (mailsTo(email).size() < n && System.nanoTime() < until) Thread.sleep(100);
    List<MimeMessage> got = mailsTo(email);
    assertThat(got).as("mails to " + email).hasSizeGreaterThanOrEqualTo(n);
    return got;
  }

  private static String link(MimeMessage m, String base, String prefix) {
    Matcher matcher = Pattern.compile(Pattern.quote(base + prefix) + "\\S+").matcher(Mails.part(m, "text/plain"));
    assertThat(matcher.find()).as("a %s link in the mail", prefix).isTrue();
    return matcher.group();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
