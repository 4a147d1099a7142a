package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.testing.Cli;
import dev.paperboy.testing.ScriptedSmtpServer;
import dev.paperboy.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An address that keeps refusing mail stops getting it: from SMTP replies, from returned reports, and back. */
class BouncesTest {
  @TempDir Path dir;

  @Test
  void anAddressRefusedOnEachOfTwoDaysGetsNothingMoreAPolicyRefusalNeverStopsAnyoneAndReactivateLiftsIt()
      throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
      Map<String, Integer> tries = new ConcurrentHashMap<>();
      server.onRcpt((rcpt, attempt) -> {
        tries.merge(rcpt, 1, Integer::sum);
        return rcpt.startsWith("gone@") ? "550 5.1.1 <" + rcpt + ">: User unknown"
            : rcpt.startsWith("relay@") ? "554 5.7.1 <" + rcpt + ">: Relay access denied" : null;
      });
      Cli cli = home(server.port(), false, List.of("ok@example.org", "gone@example.org", "relay@example.org"));

      for (String day : List.of("12", "13", "14")) {
        assertThat(cli.run("ingest", TestHome.sample("daily-papers-listing-mar" + day + ".txt")).exitCode()).isZero();
        cli.run("send", "--date", "2026-03-" + day);
      }

      assertThat(tries.get("gone@example.org")).as("refused on the 12th and 13th, not tried on the 14th").isEqualTo(2);
      assertThat(tries.get("relay@example.org")).as("our relay's fault, not the address's").isEqualTo(3);
      assertThat(server.receivedFor("ok@example.org")).isEqualTo(3);
      assertThat(cli.run("subscribers", "--status", "bounced").out()).contains("gone@example.org")
          .doesNotContain("relay@example.org").doesNotContain("ok@example.org");
      Cli.Result resend = cli.run("resend", "--subscriber", "gone@example.org", "--date", "2026-03-12");
      assertThat(resend.exitCode()).isEqualTo(2);
      assertThat(resend.err()).contains("bounced").contains("paperboy reactivate");

      server.onRcpt((rcpt, attempt) -> null); // their mailbox exists again
      Cli.Result back = cli.run("reactivate", "gone@example.org", "ok@example.org");
      assertThat(back.exitCode()).as("ok@ was not bounced").isEqualTo(2);
      assertThat(back.out()).contains("550 5.1.1 <gone@example.org>: User unknown")
          .contains("gone@example.org is active again");
      assertThat(back.err()).contains("ok@example.org was not bounced (status active)");
      assertThat(cli.run("resend", "--subscriber", "gone@example.org", "--date", "2026-03-13").exitCode()).isZero();
      assertThat(server.receivedFor("gone@example.org")).isEqualTo(1);
      assertThat(cli.run("subscribers", "--status", "bounced").out()).doesNotContain("gone@example.org");
    }
  }

  @Test
  void aReturnedReportCountsForTheSubscriberItsVerpAddressNamesAndNothingElseDoes() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
      Cli cli = home(server.port(), true, List.of("ada@example.org", "bob@example.org"));
      cli.run("ingest", TestHome.sample("daily-papers-listing-mar12.txt"));
      assertThat(cli.run("send", "--date", "2026-03-12").exitCode()).isZero();
      String returnPath = server.received().stream().filter(r -> r.rcptTo().contains("ada@example.org"))
          .findFirst().orElseThrow().mailFrom().replaceAll("[<>]", "");
      assertThat(returnPath).startsWith("bounce+").endsWith("@paperboy.example.org");

      Cli.Result delayed = cli.run("bounce", report(returnPath, "ada@example.org", "delayed", "4.4.1").toString());
      Cli.Result forged = cli.run("bounce", report("bounce+aaaaaaaaaaaaaaaa@paperboy.example.org", "bob@example.org",
          "failed", "5.1.1").toString());
      Cli.Result notAReport = cli.run("bounce", write("reply.eml", "From: ada@example.org\nTo: " + returnPath
          + "\nSubject: Re: your digest\n\nThanks!\n").toString());
      Cli.Result refused = cli.run("--verbose", "bounce", "--recipient", returnPath,
          report("bounce@paperboy.example.org", "ada@example.org", "failed", "5.1.1").toString());

      assertThat(delayed.exitCode()).isZero();
      assertThat(delayed.out()).contains("'ada@example.org': delayed 4.4.1: not a refusal of the address for good");
      assertThat(forged.out()).contains("the bounce address names no subscriber of ours: nothing recorded");
      assertThat(notAReport.out()).contains("neither a delivery status notification, a complaint nor an unsubscribe request: nothing recorded");
      assertThat(refused.exitCode()).as(refused.err()).isZero();
      assertThat(refused.out()).contains("ada@example.org: refused (5.1.1), 1 of 1 within 30d: no more mail to them");
      assertThat(cli.run("subscribers", "--status", "bounced").out()).contains("ada@example.org")
          .doesNotContain("bob@example.org");
      assertThat(cli.run("bounce", write("garbage.eml", "").resolveSibling("missing.eml").toString()).exitCode())
          .isEqualTo(2);
    }
  }

  @Test
  void aComplaintUnsubscribesWhoGotTheMessageItReturnsAndWithoutVerpTheReturnedMessageNamesWhoARefusalCountsFor()
      throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
      Cli cli = home(server.port(), false, List.of("ada@example.org", "bob@example.org"))
          .clock(Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), Instant.parse("2026-03-12T09:00:00Z"))));
      cli.run("ingest", TestHome.sample("daily-papers-listing-mar12.txt"));
      assertThat(cli.run("send", "--date", "2026-03-12").exitCode()).isZero();
      String ada = messageIdTo(server, "ada@example.org");
      String bob = messageIdTo(server, "bob@example.org");

      Cli.Result dmarc = cli.run("bounce", complaint("auth-failure", ada).toString());
      Cli.Result forged = cli.run("bounce", complaint("abuse", ada.replaceFirst("\\.[^.@]+@", ".aaaaaaaaaaaaaaaaaaaaaa@"))
          .toString());
      Cli.Result spam = cli.run("bounce", complaint("abuse", ada).toString());
      Cli.Result again = cli.run("bounce", complaint("abuse", ada).toString()); // counted once
      // the report's recipient is ada, but the message it returns was bob's: the Message-ID cannot be made up
      Path bobsReport = report("bounce@paperboy.example.org", "ada@example.org", "failed", "5.1.1", bob);
      Cli.Result refused = cli.run("bounce", bobsReport.toString());
      Cli.Result twice = cli.run("bounce", bobsReport.toString());

      assertThat(dmarc.out()).contains("a feedback report of type 'auth-failure', not a complaint: nothing recorded");
      assertThat(forged.out()).contains("a complaint (abuse) about a message that names no subscriber of ours");
      assertThat(spam.exitCode()).as(spam.err()).isZero();
      assertThat(spam.out()).contains("ada@example.org: reported our mail as spam (abuse): unsubscribed");
      assertThat(again.out()).contains("ada@example.org: reported our mail as spam (abuse): already unsubscribed");
      assertThat(refused.out()).contains("bob@example.org: refused (5.1.1), 1 of 2 within 30d")
          .doesNotContain("ada@");
      assertThat(twice.out()).contains("bob@example.org: this message's refusal was recorded already: not counted again");
      assertThat(cli.run("subscribers", "--status", "unsubscribed").out()).contains("ada@example.org")
          .doesNotContain("bob@example.org");
      assertThat(cli.run("subscribers").out()).containsPattern("ada@example.org .* unsubscribed! ")
          .containsPattern("bob@example.org .* active ")
          .contains("! reported our mail as spam (1): mail them again only if they ask for it");
      String listed = cli.run("subscribers", "--json").out();
      assertThat(listed).contains("\"complained_at\" : \"2026-03-12T");
      assertThat(listed.split("\"complained_at\" : null", -1)).as("bob never complained").hasSize(2);
      assertThat(cli.run("status").out()).contains("came back in the last 30d: 1 refusal, 1 complaint (50.00% of 2"
          + " messages sent; Gmail asks for under 0.1%, never 0.3%); 0 subscribers bounced");
      assertThat(cli.run("status", "--json").out()).contains("\"returned\":{\"window\":\"30d\",\"refusals\":1,"
          + "\"complaints\":1,\"sent\":2,\"complaint_rate\":0.5,\"bounced_subscribers\":0}");

      cli.run("ingest", TestHome.sample("daily-papers-listing-mar13.txt"));
      assertThat(cli.run("send", "--date", "2026-03-13").exitCode()).isZero();
      assertThat(server.receivedFor("ada@example.org")).as("nothing after the complaint").isEqualTo(1);
      assertThat(server.receivedFor("bob@example.org")).isEqualTo(2);
    }
  }

  @Test
  void mailToTheUnsubscribeAddressUnsubscribesWhoGotTheMessageItsSubjectNames() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
      Cli cli = home(server.port(), false, List.of("ada@example.org", "bob@example.org"));
      cli.run("ingest", TestHome.sample("daily-papers-listing-mar12.txt"));
      assertThat(cli.run("send", "--date", "2026-03-12").exitCode()).isZero();
      String received = server.received().stream().filter(r -> r.rcptTo().contains("bob@example.org")).findFirst()
          .orElseThrow().text();
      Matcher mailto = Pattern.compile("<mailto:([^?>]+)\\?subject=unsubscribe%20([A-Za-z0-9_-]{22})>").matcher(received);
      assertThat(mailto.find()).as(received).isTrue();
      assertThat(mailto.group(1)).isEqualTo("unsubscribe@paperboy.example.org");
      String request = """
          From: Bob <bob@example.org>
          To: %s
          Subject: unsubscribe %s
          MIME-Version: 1.0
          Content-Type: text/plain; charset=utf-8

          This message was sent by a mail client to unsubscribe.
          """;

      Cli.Result made = cli.run("bounce", write("made-up.eml", request.formatted(mailto.group(1),
          "aaaaaaaaaaaaaaaaaaaaaa")).toString());
      Cli.Result asked = cli.run("bounce", write("unsubscribe.eml", request.formatted(mailto.group(1), mailto.group(2)))
          .toString());
      Cli.Result again = cli.run("bounce", write("unsubscribe.eml", request.formatted(mailto.group(1), mailto.group(2)))
          .toString());

      assertThat(made.out()).contains("an unsubscribe request for a message that is none of ours: nothing recorded");
      assertThat(asked.exitCode()).as(asked.err()).isZero();
      assertThat(asked.out()).contains("bob@example.org: asked to unsubscribe: unsubscribed, no more mail to them");
      assertThat(again.out()).contains("bob@example.org: asked to unsubscribe: already unsubscribed");
      cli.run("ingest", TestHome.sample("daily-papers-listing-mar13.txt"));
      assertThat(cli.run("send", "--date", "2026-03-13").exitCode()).isZero();
      assertThat(server.receivedFor("bob@example.org")).isEqualTo(1);
      assertThat(server.receivedFor("ada@example.org")).isEqualTo(2);
    }
  }

  @Test
  void whatCannotBeRecordedNowExitsSeventyFiveSoThatTheMailServerKeepsTheMessageAndTriesAgain() throws Exception {
    Path dsn = report("bounce@paperboy.example.org", "ada@example.org", "failed", "5.1.1");
    TestHome home = new TestHome(dir).topics("topics:\n  diffusion: {title: Diffusion models, query: diffusion}\n"
        + "subscribers:\n  - {email: ada@example.org, topics: [diffusion]}\n").config("");
    home.cli().run("ingest", TestHome.sample("daily-papers-listing-mar12.txt"));
    assertThat(home.cli().run("send", "--date", "2026-03-12").exitCode()).isZero(); // into the default Maildir

    home.config("storage:\n  url: jdbc:postgresql://127.0.0.1:1/paperboy\n"); // nothing listens there
    Cli.Result down = home.cli().run("bounce", dsn.toString());
    home.config("delivery:\n  bounce_limit: lots\n");
    Cli.Result broken = home.cli().run("bounce", dsn.toString());
    home.config("");
    Cli.Result fixed = home.cli().run("bounce", dsn.toString());

    assertThat(down.exitCode()).isEqualTo(ExitCodes.TRY_AGAIN_LATER);
    assertThat(down.err()).contains("not recorded now: exit 75, so that a mail server that piped it in keeps the"
        + " message and tries again later");
    assertThat(broken.exitCode()).isEqualTo(ExitCodes.TRY_AGAIN_LATER);
    assertThat(broken.err()).containsPattern("paperboy\\.yaml:\\d+:\\d+: delivery.bounce_limit: expected a whole number");
    assertThat(fixed.exitCode()).as(fixed.err()).isZero();
    assertThat(fixed.out()).contains("ada@example.org: refused (5.1.1), 1 of 3 within 30d");
  }

  /** A delivery status notification as Postfix writes one, delivered to {@code deliveredTo}. */
  private Path report(String deliveredTo, String recipient, String action, String status) throws Exception {
    return report(deliveredTo, recipient, action, status, "");
  }

  /** ... returning the headers of the message with {@code messageId} (none when empty). */
  private Path report(String deliveredTo, String recipient, String action, String status, String messageId)
      throws Exception {
    String eml = """
        Return-Path: <>
        X-Original-To: %1$s
        Delivered-To: %1$s
        From: MAILER-DAEMON@mx.example.org (Mail Delivery System)
        Subject: Undelivered Mail Returned to Sender
        To: %1$s
        Auto-Submitted: auto-replied
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="B0UND"

        --B0UND
        Content-Description: Notification
        Content-Type: text/plain; charset=us-ascii

        This is the mail system at host mx.example.org.

        --B0UND
        Content-Description: Delivery report
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.org
        X-Postfix-Queue-ID: 4F2A81C0A3
        Arrival-Date: Thu, 12 Mar 2026 06:00:01 +0000

        Final-Recipient: rfc822; %2$s
        Original-Recipient: rfc822;%2$s
        Action: %3$s
        Status: %4$s
        Diagnostic-Code: smtp; 550 %4$s <%2$s>: Recipient address rejected:
            User unknown in virtual mailbox table

        --B0UND
        Content-Description: Undelivered Message Headers
        Content-Type: text/rfc822-headers

        From: Paperboy <digest@paperboy.example.org>
        To: %2$s
        Subject: Trending papers
        %5$s
        --B0UND--
        """.formatted(deliveredTo, recipient, action, status, messageId.isEmpty() ? "" : "Message-ID: " + messageId + "\n");
    return write(action + "-" + recipient + "-" + Math.abs((deliveredTo + messageId).hashCode()) + ".eml", eml);
  }

  /** A feedback loop's report (ARF, RFC 5965) returning the message with {@code messageId}, its recipient redacted. */
  private Path complaint(String feedbackType, String messageId) throws Exception {
    String eml = """
        From: Feedback Loop <fbl@mailbox.example.net>
        To: fbl@paperboy.example.org
        Subject: FW: Trending papers
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=feedback-report; boundary="ARF"

        --ARF
        Content-Type: text/plain; charset=us-ascii

        This is an email abuse report for a message received from 192.0.2.1.

        --ARF
        Content-Type: message/feedback-report

        Feedback-Type: %s
        User-Agent: ExampleFBL/1.0
        Version: 1
        Original-Mail-From: <bounce@paperboy.example.org>
        Reported-Domain: paperboy.example.org

        --ARF
        Content-Type: message/rfc822
        Content-Disposition: inline

        From: Paperboy <digest@paperboy.example.org>
        To: redacted@mailbox.example.net
        Subject: Trending papers
        Message-ID: %s
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8

        The digest.
        --ARF--
        """.formatted(feedbackType, messageId);
    return write("arf-" + feedbackType + "-" + Math.abs(messageId.hashCode()) + ".eml", eml);
  }

  private static String messageIdTo(ScriptedSmtpServer server, String rcpt) {
    String text = server.received().stream().filter(r -> r.rcptTo().contains(rcpt)).findFirst().orElseThrow().text();
    Matcher m = Pattern.compile("(?im)^Message-ID: *(<[^>]+>)").matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return m.group(1);
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content.replace("\n", "\r\n"));
  }

  private Cli home(int port, boolean verp, List<String> emails) {
    String subscribers = emails.stream().map(e -> "  - {email: " + e + ", topics: [diffusion]}")
        .collect(Collectors.joining("\n"));
    return new TestHome(dir).config("""
        mail:
          domain: paperboy.example.org
          verp: %s
        delivery:
          transport: smtp
          senders: 1
          bounce_limit: %d
        smtp:
          host: 127.0.0.1
          port: %d
        web:
          secrets: "t1:bounces-test-secret-0123"
        """.formatted(verp, verp ? 1 : 2, port))
        .topics("topics:\n  diffusion: {title: Diffusion models, query: 'diffusion OR denoising OR generative'}\n"
            + "subscribers:\n" + subscribers + "\n")
        .cli();
  }
}
