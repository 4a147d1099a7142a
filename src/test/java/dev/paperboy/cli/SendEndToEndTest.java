package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import dev.paperboy.select.SubscriberStore;
import dev.paperboy.storage.Database;
import dev.paperboy.testing.Cli;
import dev.paperboy.testing.GreenMails;
import dev.paperboy.testing.Mails;
import dev.paperboy.testing.OnBothDatabases;
import dev.paperboy.testing.TestHome;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** `paperboy ingest` and `paperboy send` into GreenMail, a real SMTP server, through the real pipeline. */
class SendEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Each subscriber's query, and stems every paper they get must contain in its title or abstract. */
  private static final Map<String, List<String>> TOPICS = Map.of(
      "ada@example.org", List.of("diffus", "denois"),
      "grace@example.org", List.of("mamba", "state space"),
      "kurt@example.org", List.of("optim"));

  @TempDir Path dir;
  private GreenMail smtp;
  private TestHome home;

  @BeforeEach
  void start() {
    smtp = GreenMails.start(0);
    home = new TestHome(dir).config("""
        delivery:
          transport: smtp
          senders: 2
        smtp:
          host: 127.0.0.1
          port: %d
        web:
          secrets: "t1:end-to-end-test-secret"
        """.formatted(smtp.getSmtp().getPort()))
        .topics("""
            topics:
              diffusion: {title: Diffusion models, query: 'diffusion OR denoising'}
              ssm: {title: State space models, query: 'mamba OR "state space"'}
              optim: {title: Optimization, query: 'optimization OR optimizer'}
            subscribers:
              - {email: ada@example.org, name: Ada Lovelace, topics: [diffusion]}
              - {email: grace@example.org, name: Grace Hopper, topics: [ssm]}
              - {email: kurt@example.org, name: Kurt Gödel, topics: [optim]}
            """);
  }

  @AfterEach
  void stop() {
    smtp.stop();
  }

  @OnBothDatabases
  void eachSubscriberGetsOneDigestWithTheirPapersAndNeverTheSamePaperTwice(Database.Dialect dialect) throws Exception {
    Cli cli = home.cli().on(dialect);

    // day 1
    assertThat(cli.run("ingest", TestHome.sample("daily-papers-listing-mar12.txt")).exitCode()).isZero();
    Map<String, String> day1Abstracts = abstracts(cli);
    Cli.Result first = cli.run("send", "--date", "2026-03-12");
    assertThat(first.exitCode()).as(first.err()).isZero();
    MimeMessage[] day1 = smtp.getReceivedMessages();
    assertThat(day1).extracting(Mails::to).containsExactlyInAnyOrderElementsOf(TOPICS.keySet());
    Map<String, Set<String>> got = new HashMap<>();
    for (MimeMessage m : day1) {
      Set<String> titles = Mails.paperTitles(m, day1Abstracts.keySet());
      assertThat(titles).isNotEmpty();
      assertThat(titles).allSatisfy(t -> assertThat(mentionsAny(t + " " + day1Abstracts.get(t), TOPICS.get(Mails.to(m))))
          .as("%s got %s", Mails.to(m), t).isTrue());
      got.put(Mails.to(m), titles);
    }

    // the same day again: nothing
    Cli.Result again = cli.run("send", "--date", "2026-03-12");
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("0 new in the outbox");
    assertThat(smtp.getReceivedMessages()).hasSize(day1.length);

    // day 2: only papers new on that day
    Set<String> day1Catalog = new HashSet<>(day1Abstracts.keySet());
    assertThat(cli.run("ingest", TestHome.sample("daily-papers-listing-mar13.txt")).exitCode()).isZero();
    Map<String, String> abstracts = abstracts(cli);
    assertThat(cli.run("send", "--date", "2026-03-13").exitCode()).isZero();
    MimeMessage[] all = smtp.getReceivedMessages();
    assertThat(all.length).isGreaterThan(day1.length);
    Set<String> day1Ids = new HashSet<>();
    for (MimeMessage m : day1) day1Ids.add(m.getMessageID());
    for (MimeMessage m : all) {
      if (day1Ids.contains(m.getMessageID())) continue; // GreenMail lists by mailbox, not by arrival
      Set<String> titles = Mails.paperTitles(m, abstracts.keySet());
      assertThat(titles).isNotEmpty().doesNotContainAnyElementsOf(day1Catalog);
      assertThat(titles).allSatisfy(t -> assertThat(mentionsAny(t + " " + abstracts.get(t), TOPICS.get(Mails.to(m)))).isTrue());
      assertThat(got.getOrDefault(Mails.to(m), Set.of())).doesNotContainAnyElementsOf(titles);
    }

    JsonNode status = JSON.readTree(cli.run("status", "--json").out());
    assertThat(status.get("days").get(0).get("date").asText()).isEqualTo("2026-03-12");
    assertThat(status.get("days").get(0).get("sent").asInt()).isEqualTo(3);
    assertThat(status.get("days").get(1).get("sent").asInt()).isEqualTo(all.length - day1.length);
    assertThat(status.get("failed")).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void aResendIsTheOriginalAgainRecordedAsAResend() throws Exception {
    Cli cli = home.cli();
    cli.run("ingest", TestHome.sample("daily-papers-listing-mar12.txt"));
    Cli.Result one = cli.run("send", "--date", "2026-03-12", "--subscriber", "ada@example.org");
    assertThat(one.out()).contains("composed 1 digest (0 with nothing new for the subscriber), 1 new in the outbox");
    MimeMessage original = smtp.getReceivedMessages()[0];

    Cli.Result resend = cli.run("resend", "--subscriber", "ada@example.org", "--date", "2026-03-12");
    Cli.Result missing = cli.run("resend", "--subscriber", "ada@example.org", "--date", "2026-03-13");

    assertThat(resend.exitCode()).as(resend.err()).isZero();
    assertThat(smtp.getReceivedMessages()).hasSize(2);
    MimeMessage again = smtp.getReceivedMessages()[1];
    assertThat(again.getMessageID()).isEqualTo(original.getMessageID());
    assertThat(again.getSubject()).isEqualTo(original.getSubject());
    assertThat(Mails.part(again, "text/html")).isEqualTo(Mails.part(original, "text/html"));
    assertThat(Mails.part(again, "text/plain")).isEqualTo(Mails.part(original, "text/plain"));
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("no digest for ada@example.org on 2026-03-13");
    JsonNode status = JSON.readTree(cli.run("status", "--json").out());
    assertThat(status.at("/days/0/sent").asInt()).as("the digest").isEqualTo(1);
    assertThat(status.at("/days/0/resends/sent").asInt()).isEqualTo(1);
  }

  @org.junit.jupiter.api.Test
  void aDryRunShowsWhoWouldGetWhatAsTheRealSendWouldAndSendsNothing() throws Exception {
    Cli cli = home.cli();
    cli.run("ingest", TestHome.sample("daily-papers-listing-mar12.txt"));
    assertThat(cli.run("send", "--date", "2026-03-12", "--subscriber", "ada@example.org").exitCode()).isZero();
    try (Database db = Database.open("jdbc:h2:file:data/paperboy", "sa", "", 2, dir)) {
      String ada = db.jdbi().withHandle(h -> new SubscriberStore(h).byEmail("ada@example.org")).orElseThrow().id();
      boolean done = db.jdbi().withHandle(h -> new SubscriberStore(h).unsubscribe(ada, Instant.now()));
      assertThat(done).isTrue();
    }
    cli.run("ingest", TestHome.sample("daily-papers-listing-mar13.txt"));

    Cli.Result everyone = cli.run("send", "--dry-run", "--date", "2026-03-13");
    Cli.Result unsubscribed = cli.run("send", "--dry-run", "--date", "2026-03-13", "--subscriber", "ada@example.org");

    assertThat(everyone.exitCode()).as(everyone.err()).isZero();
    assertThat(everyone.out()).contains("grace@example.org", "kurt@example.org", "dry run: nothing stored")
        .doesNotContain("ada@example.org");
    assertThat(unsubscribed.exitCode()).isEqualTo(2);
    assertThat(unsubscribed.err()).contains("no active subscriber ada@example.org");
    assertThat(smtp.getReceivedMessages()).hasSize(1);
    assertThat(JSON.readTree(cli.run("status", "--json").out()).get("days")).hasSize(1);
  }

  private static Map<String, String> abstracts(Cli cli) throws Exception {
    Map<String, String> out = new HashMap<>();
    for (String line : cli.run("papers", "--json").out().lines().toList()) {
      JsonNode p = JSON.readTree(line);
      out.put(p.get("title").asText(), p.get("abstract").asText());
    }
    return out;
  }

  private static boolean mentionsAny(String text, List<String> stems) {
    String t = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " "); // "state-space" is "state space"
    return stems.stream().anyMatch(t::contains);
  }

  static Set<String> recipients(MimeMessage[] messages) {
    return java.util.Arrays.stream(messages).map(Mails::to).collect(Collectors.toSet());
  }
}
