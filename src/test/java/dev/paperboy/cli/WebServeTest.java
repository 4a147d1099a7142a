package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.paperboy.storage.Database;
import dev.paperboy.testing.Cli;
import dev.paperboy.testing.Mails;
import dev.paperboy.testing.OnBothDatabases;
import dev.paperboy.testing.TestDatabases;
import dev.paperboy.testing.TestHome;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/**
 * `paperboy serve` with its web app, in this JVM: the running senders deliver the confirmation within
 * the poll interval, a confirm plans the new subscriber's slot, an unsubscribe drops it, and
 * `paperboy subscribers` lists both kinds of subscriber.
 */
class WebServeTest {
  private static final String BASE = "http://paperboy.test";
  @TempDir Path dir;
  private GreenMail smtp;

  @BeforeEach
  void startSmtp() {
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
        .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    smtp.start();
  }

  @AfterEach
  void stopSmtp() {
    smtp.stop();
  }

  @OnBothDatabases
  void signUpConfirmAndUnsubscribeChangeWhatTheSchedulerPlans(Database.Dialect dialect) throws Exception {
    TestHome home = home(dialect);
    try (AppContext app = new AppContext(Map.of(), dir, null, Clock.systemUTC()); Server server = new Server(app)) {
      server.start();
      int port = server.web().port();
      assertThat(port).isPositive();
      assertThat(server.scheduler().describe()).singleElement().asString().startsWith("UTC 06:30 daily");
      HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

      String csrf = Jsoup.parse(get(browser, port, "/").body()).select("input[name=csrf]").attr("value");
      HttpResponse<String> signedUp = post(browser, port, "/", "csrf=" + enc(csrf) + "&email=ada%40example.org&name=Ada"
          + "&topic=diffusion&keywords=&timezone=Asia%2FTokyo&send_at=07%3A45&frequency=weekdays");
      assertThat(signedUp.statusCode()).isEqualTo(303); // to the check-your-inbox page

      assertThat(smtp.waitForIncomingEmail(15_000, 1)).isTrue(); // the running senders picked it up
      MimeMessage confirm = smtp.getReceivedMessages()[0];
      assertThat(Mails.to(confirm)).isEqualTo("ada@example.org");
      String link = link(confirm, "/confirm/");
      String button = Jsoup.parse(get(browser, port, link).body()).select("input[name=csrf]").attr("value");
      assertThat(post(browser, port, link, "csrf=" + enc(button)).statusCode()).isEqualTo(200);
      assertThat(server.scheduler().describe()).hasSize(2)
          .anySatisfy(s -> assertThat(s).startsWith("Asia/Tokyo 07:45 weekdays"));

      Cli cli = home.cli();
      Cli.Result list = cli.run("subscribers");
      assertThat(list.exitCode()).isZero();
      assertThat(list.out()).containsPattern("ada@example\\.org\\s+Ada\\s+web\\s+active\\s+\\S+\\s+Diffusion models")
          .containsPattern("lou@example\\.org\\s+Lou\\s+file\\s+active\\s+\\S+\\s+State space models")
          .contains("2 subscribers, 2 active");
      JsonNode json = new ObjectMapper().readTree(cli.run("subscribers", "--json").out());
      assertThat(json).hasSize(2);
      assertThat(json.get(0).get("email").asText()).isEqualTo("ada@example.org");
      assertThat(json.get(0).get("origin").asText()).isEqualTo("web");
      assertThat(json.get(0).get("confirmed_at").isNull()).isFalse();
      assertThat(json.get(1).get("in_topic_file").asBoolean()).isTrue();
      assertThat(cli.run("subscribers", "--origin", "web", "--status", "pending").out()).contains("no subscribers match");
      assertThat(cli.run("subscribers", "--status", "gone").exitCode()).isEqualTo(2);

      String unsubscribe = link(confirm, "/unsubscribe/");
      HttpResponse<String> oneClick = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(port, unsubscribe))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(oneClick.statusCode()).isEqualTo(200);
      assertThat(server.scheduler().describe()).singleElement().asString().startsWith("UTC 06:30 daily");
      assertThat(cli.run("subscribers", "--status", "unsubscribed").out()).contains("ada@example.org")
          .doesNotContain("lou@example.org");

      server.close();
      assertThat(get(browser, port, "/healthz")).isNull(); // the port is closed
    }
  }

  @Test
  void aTemplateFolderWithoutTheWebPagesStopsServeBeforeAnythingRuns() throws Exception {
    TestHome home = home(Database.Dialect.H2);
    Path templates = dir.resolve("old-templates");
    java.nio.file.Files.createDirectories(templates);
    for (String f : new String[] {"digest.html", "digest.txt", "confirm.html", "confirm.txt"}) {
      java.nio.file.Files.copy(TestHome.REPO.resolve("templates").resolve(f), templates.resolve(f));
    }
    home.write("config/paperboy.yaml", java.nio.file.Files.readString(dir.resolve("config/paperboy.yaml"))
        .replaceFirst("dir: \"[^\"]*\"", "dir: \"" + templates + "\""));
    Cli.Result r = home.cli().run("serve");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("web/layout.html").contains("page template not found");
  }

  private TestHome home(Database.Dialect dialect) {
    return new TestHome(dir).config("""
        storage:
          url: "%s"
          username: "%s"
        delivery:
          transport: smtp
          poll_interval: 200ms
        smtp:
          host: 127.0.0.1
          port: %d
        web:
          port: 0
          base_url: "%s"
          secrets: "t1:web-serve-test-secret-0123"
        """.formatted(TestDatabases.url(dialect), TestDatabases.user(dialect), smtp.getSmtp().getPort(), BASE))
        .topics("""
            topics:
              diffusion: {title: Diffusion models, query: 'diffusion OR denoising'}
              ssm: {title: State space models, query: 'mamba OR "state space"'}
            subscribers:
              - {email: lou@example.org, name: Lou, topics: [ssm], send_at: "06:30"}
            """);
  }

  private static String link(MimeMessage m, String prefix) {
    Matcher matcher = Pattern.compile(Pattern.quote(BASE + prefix) + "\\S+").matcher(Mails.part(m, "text/plain"));
    assertThat(matcher.find()).as("a %s link", prefix).isTrue();
    return matcher.group();
  }

  private static URI uri(int port, String pathOrUrl) {
    return URI.create("http://127.0.0.1:" + port + (pathOrUrl.startsWith(BASE) ? pathOrUrl.substring(BASE.length()) : pathOrUrl));
  }

  /** null when nothing listens. */
  private static HttpResponse<String> get(HttpClient c, int port, String path) throws Exception {
    try {
      return c.send(HttpRequest.newBuilder(uri(port, path)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      return null;
    } catch (IOException e) {
      if (e.getCause() instanceof ConnectException) return null;
      throw e;
    }
  }

  private static HttpResponse<String> post(HttpClient c, int port, String path, String body) throws Exception {
    return c.send(HttpRequest.newBuilder(uri(port, path)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
