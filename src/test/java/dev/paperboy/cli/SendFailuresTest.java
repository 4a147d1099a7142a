package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import dev.paperboy.testing.Cli;
import dev.paperboy.testing.GreenMails;
import dev.paperboy.testing.Mails;
import dev.paperboy.testing.ScriptedSmtpServer;
import dev.paperboy.testing.TestHome;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What `send`, `status` and `resend --failed` do when the mail server refuses, stalls or goes away. */
class SendFailuresTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void temporaryRefusalsAreRetriedPermanentOnesFailWithTheReplyAndResendFailedDeliversThemOnceFixed() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
      server.onRcpt((rcpt, attempt) -> {
        if (rcpt.startsWith("tempfail@") && attempt <= 2) return "451 4.2.0 Try again later";
        if (rcpt.startsWith("reject@")) return "550 5.1.1 Mailbox does not exist";
        return null;
      });
      Cli cli = home(server.port(), List.of("ok@example.org", "tempfail@example.org", "reject@example.org"));
      cli.run("ingest", TestHome.sample("daily-papers-listing-mar12.txt"));

      Cli.Result first = cli.run("send", "--date", "2026-03-12");

      assertThat(first.exitCode()).isEqualTo(1);
      assertThat(first.out()).contains("sent 1, failed 1, waiting to retry 1");
      JsonNode status = JSON.readTree(cli.run("status", "--json").out());
      assertThat(status.at("/days/0/sent").asInt()).isEqualTo(1);
      assertThat(status.at("/days/0/failed").asInt()).isEqualTo(1);
      assertThat(status.at("/days/0/retrying").asInt()).isEqualTo(1);
      assertThat(status.at("/failed/0/email").asText()).isEqualTo("reject@example.org");
      assertThat(status.at("/failed/0/error").asText()).contains("550 5.1.1 Mailbox does not exist");
      assertThat(status.at("/retrying/0/email").asText()).isEqualTo("tempfail@example.org");
      assertThat(status.at("/retrying/0/error").asText()).contains("451 4.2.0 Try again later");
      assertThat(status.at("/nodes/0/state").asText()).as("the send ended cleanly").isEqualTo("stopped");

      // later cycles deliver the retry (the backoff here is a fraction of a second)
      for (int i = 0; i < 20 && server.receivedFor("tempfail@example.org") == 0; i++) {
        Thread.sleep(300);
        cli.run("send", "--date", "2026-03-12");
      }
      assertThat(server.receivedFor("tempfail@example.org")).isEqualTo(1);

      server.onRcpt((rcpt, attempt) -> null); // the admin fixed the address or the server
      Cli.Result resend = cli.run("resend", "--failed");

      assertThat(resend.exitCode()).as(resend.out() + resend.err()).isZero();
      assertThat(resend.out()).contains("1 failed message queued again").contains("sent 1, failed 0");
      assertThat(server.receivedFor("reject@example.org")).isEqualTo(1);
      assertThat(server.receivedFor("ok@example.org")).isEqualTo(1);
      status = JSON.readTree(cli.run("status", "--json").out());
      assertThat(status.at("/days/0/sent").asInt()).isEqualTo(3);
      assertThat(status.at("/days/0/failed").asInt()).isZero();
    }
  }

  @Test
  void aSendThatFindsOnlyRetriesNotDueYetSaysSoAndFails() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
      server.onRcpt((rcpt, attempt) -> rcpt.startsWith("tempfail@") ? "451 4.2.0 Try again later" : null);
      Cli cli = home(server.port(), List.of("ok@example.org", "tempfail@example.org"), "1h", "2h");
      cli.run("ingest", TestHome.sample("daily-papers-listing-mar12.txt"));

      Cli.Result first = cli.run("send", "--date", "2026-03-12");
      Cli.Result again = cli.run("send", "--date", "2026-03-12");
      Cli.Result status = cli.run("status");

      assertThat(first.exitCode()).isEqualTo(1);
      assertThat(again.exitCode()).as("the retry is an hour away, not done").isEqualTo(1);
      assertThat(again.out()).contains("sent 0, failed 0, waiting to retry 1");
      assertThat(status.out()).contains("waiting to retry (latest failure first):")
          .containsPattern("2026-03-12  tempfail@example.org  digest, 1 attempt, next attempt \\S+: .*451 4.2.0 Try again later");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"paused", "removed"})
  void pausingOrRemovingASubscriberInTheTopicFileCancelsTheirDigestWaitingToRetry(String edit) throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
      server.onRcpt((rcpt, attempt) -> rcpt.startsWith("tempfail@") ? "451 4.2.0 Try again later" : null);
      Cli cli = home(server.port(), List.of("ok@example.org", "tempfail@example.org"), "1h", "2h");
      cli.run("ingest", TestHome.sample("daily-papers-listing-mar12.txt"));
      assertThat(cli.run("send", "--date", "2026-03-12").exitCode()).isEqualTo(1);

      Path topics = dir.resolve("config/topics.yaml");
      String line = "  - {email: tempfail@example.org, topics: [diffusion]}\n";
      assertThat(Files.readString(topics)).contains(line);
      Files.writeString(topics, Files.readString(topics).replace(line,
          edit.equals("paused") ? "  - {email: tempfail@example.org, paused: true, topics: [diffusion]}\n" : ""));
      Cli.Result again = cli.run("send", "--date", "2026-03-12");

      assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
      assertThat(again.out()).contains("waiting to retry 0");
      JsonNode status = JSON.readTree(cli.run("status", "--json").out());
      assertThat(status.at("/days/0/cancelled").asInt()).isEqualTo(1);
      assertThat(status.at("/days/0/retrying").asInt()).isZero();
      assertThat(server.receivedFor("tempfail@example.org")).isZero();
    }
  }

  @Test
  void aServerThatGoesAwayMidCycleLosesNothingAndDuplicatesAtMostWhatWasInFlight() throws Exception {
    List<String> emails = IntStream.range(0, 60).mapToObj(i -> "reader" + i + "@example.org").toList();
    GreenMail smtp = GreenMails.start(0);
    int port = smtp.getSmtp().getPort();
    Cli cli = home(port, emails);
    cli.run("ingest", TestHome.sample("daily-papers-listing-mar12.txt"));

    // stop the server once a third of the digests have arrived
    CompletableFuture<Cli.Result> send = CompletableFuture.supplyAsync(() -> cli.run("send", "--date", "2026-03-12"));
    while (smtp.getReceivedMessages().length < 20 && !send.isDone()) Thread.sleep(5);
    smtp.stop();
    Cli.Result interrupted = send.get();

    assertThat(interrupted.exitCode()).isEqualTo(1);
    JsonNode status = JSON.readTree(cli.run("status", "--json").out());
    long sentSoFar = status.at("/days/0/sent").asLong();
    assertThat(sentSoFar).isLessThan(60);
    assertThat(status.at("/days/0/retrying").asLong() + status.at("/days/0/queued").asLong()).isEqualTo(60 - sentSoFar);

    GreenMail restarted = GreenMails.start(port); // the same server back up; it remembers nothing
    try {
      for (int i = 0; i < 30; i++) {
        Thread.sleep(300);
        if (cli.run("send", "--date", "2026-03-12").exitCode() == 0) break;
      }
      Map<String, Long> after = countByRecipient(restarted.getReceivedMessages());
      // every digest not recorded as sent before the outage arrives now, exactly once; a message is
      // recorded as sent only once a server accepted it, so 60 sent means every digest arrived
      assertThat(after.values()).allMatch(n -> n == 1);
      assertThat(after.size()).isBetween((int) (60 - sentSoFar), 60);
      long duplicates = after.size() - (60 - sentSoFar);
      assertThat(duplicates).as("re-sent after the outage: only what was in flight").isLessThanOrEqualTo(2 * 11);
      status = JSON.readTree(cli.run("status", "--json").out());
      assertThat(status.at("/days/0/sent").asLong()).isEqualTo(60);
    } finally {
      restarted.stop();
    }
  }

  @Test
  void resendFailedCancelsTheFailedMessagesOfWhoWasTakenOutOfTheTopicFile() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
      server.onRcpt((rcpt, attempt) -> rcpt.startsWith("reject@") ? "554 5.7.1 Rejected for policy reasons" : null);
      Cli cli = home(server.port(), List.of("ok@example.org", "reject@example.org"));
      cli.run("ingest", TestHome.sample("daily-papers-listing-mar12.txt"));
      assertThat(cli.run("send", "--date", "2026-03-12").out()).contains("sent 1, failed 1");

      server.onRcpt((rcpt, attempt) -> null);
      home(server.port(), List.of("ok@example.org")); // the admin took reject@ out of the file
      Cli.Result resend = cli.run("resend", "--failed");

      assertThat(resend.exitCode()).as(resend.err()).isZero();
      assertThat(resend.out().lines().toList()).containsSubsequence("0 failed messages queued again",
          "1 cancelled instead: their subscriber is no longer in the topic file (1)");
      assertThat(server.receivedFor("reject@example.org")).isZero();
      assertThat(JSON.readTree(cli.run("status", "--json").out()).at("/days/0/cancelled").asInt()).isEqualTo(1);
    }
  }

  private Cli home(int port, List<String> emails) {
    return home(port, emails, "200ms", "400ms");
  }

  private Cli home(int port, List<String> emails, String retryInitial, String retryMax) {
    String subscribers = emails.stream().map(e -> "  - {email: " + e + ", topics: [diffusion]}")
        .collect(Collectors.joining("\n"));
    return new TestHome(dir).config("""
        delivery:
          transport: smtp
          senders: 2
          retry_initial: %s
          retry_max: %s
          max_attempts: 5
        smtp:
          host: 127.0.0.1
          port: %d
          connect_timeout: 2s
          timeout: 5s
        web:
          secrets: "t1:end-to-end-test-secret"
        """.formatted(retryInitial, retryMax, port))
        .topics("topics:\n  diffusion: {title: Diffusion models, query: 'diffusion OR denoising OR generative'}\n"
            + "subscribers:\n" + subscribers + "\n")
        .cli();
  }


  private static Map<String, Long> countByRecipient(MimeMessage[] messages) {
    return Arrays.stream(messages).collect(Collectors.groupingBy(Mails::to, Collectors.counting()));
  }
}
