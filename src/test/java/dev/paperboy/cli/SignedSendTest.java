package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.paperboy.deliver.Bounces;
import dev.paperboy.deliver.DkimKeys;
import dev.paperboy.storage.Database;
import dev.paperboy.testing.Cli;
import dev.paperboy.testing.GreenMails;
import dev.paperboy.testing.Mails;
import dev.paperboy.testing.OnBothDatabases;
import dev.paperboy.testing.TestHome;
import dev.paperboy.token.Purpose;
import dev.paperboy.token.Tokens;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.james.jdkim.DKIMVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * `paperboy send` with dkim.* and mail.verp configured, through the outbox and the dispatcher into
 * GreenMail: every message arrives signed (Date stamped at send time, inside the signature), keeps
 * the outbox's Message-ID, and was sent from a VERP address that names its subscriber.
 */
class SignedSendTest {
  private static final String SECRETS = "t1:signed-send-test-secret";

  @TempDir Path dir;
  private GreenMail smtp;
  private TestHome home;

  @BeforeEach
  void start() {
    smtp = GreenMails.start(0);
    home = new TestHome(dir);
    assertThat(home.config("").cli().run("dkim", "keygen", "--selector", "s1", "--domain", "paperboy.example.org").exitCode()).isZero();
    home.config("""
        mail:
          verp: true
        delivery:
          transport: smtp
          senders: 2
        smtp:
          host: 127.0.0.1
          port: %d
        web:
          base_url: "https://paperboy.example.org"
          secrets: "%s"
        dkim:
          private_key: "config/dkim/s1.private.pem"
          selector: "s1"
        """.formatted(smtp.getSmtp().getPort(), SECRETS))
        .topics("""
            topics:
              diffusion: {title: Diffusion models, query: 'diffusion OR denoising'}
              llm: {title: Language models, query: 'language OR reasoning'}
            subscribers:
              - {email: ada@example.org, name: Ada Lovelace, topics: [diffusion]}
              - {email: kurt@example.org, name: Kurt Gödel, topics: [llm]}
            """);
  }

  @AfterEach
  void stop() {
    smtp.stop();
  }

  @OnBothDatabases
  void sentDigestsAreSignedKeepTheirMessageIdAndBounceToTheirSubscriber(Database.Dialect dialect) throws Exception {
    Cli cli = home.cli().on(dialect);
    assertThat(cli.run("ingest", TestHome.sample("daily-papers-listing-mar14.txt"), "--date", "2026-03-14").exitCode()).isZero();
    Instant before = Instant.now().minusSeconds(1);
    Cli.Result sent = cli.run("send", "--date", "2026-03-14");
    assertThat(sent.exitCode()).as(sent.err()).isZero();

    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).extracting(Mails::to).containsExactlyInAnyOrder("ada@example.org", "kurt@example.org");
    RSAPrivateKey key = DkimKeys.readPrivateKey(dir.resolve("config/dkim/s1.private.pem"));
    String record = DkimKeys.recordValue(DkimKeys.publicKeyOf(key));
    Bounces bounces = Bounces.verp("bounce@paperboy.example.org", Tokens.of(SECRETS, "test"));
    for (MimeMessage m : received) {
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      m.writeTo(raw);
      DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> {
        assertThat(selector + "._domainkey." + domain).isEqualTo("s1._domainkey.paperboy.example.org");
        return List.of(record);
      });
      assertThat(verifier.verify(new ByteArrayInputStream(raw.toByteArray()))).as(Mails.to(m)).hasSize(1);
      assertThat(m.getHeader("Message-ID", null)).matches("<20260314\\.[^@>]+@paperboy\\.example\\.org>");
      assertThat(m.getSentDate().toInstant()).isBetween(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), Instant.now());
      assertThat(Duration.between(m.getSentDate().toInstant(), Instant.now())).isLessThan(Duration.ofMinutes(1));
      String returnPath = MimeUtility.unfold(m.getHeader("Return-Path", null));
      assertThat(returnPath).startsWith("<bounce+").endsWith("@paperboy.example.org>");
      // the bounce token names the subscriber the message went to: the one its unsubscribe link is for
      String subscriber = bounces.subscriberOf(returnPath).orElseThrow();
      java.util.regex.Matcher u = java.util.regex.Pattern.compile("<https://paperboy\\.example\\.org/unsubscribe/([^>]+)>")
          .matcher(MimeUtility.unfold(m.getHeader("List-Unsubscribe", null)));
      assertThat(u.find()).isTrue();
      assertThat(Tokens.of(SECRETS, "test").verify(Purpose.UNSUBSCRIBE, u.group(1))).contains(subscriber);
    }
    assertThat(received).extracting(m -> MimeUtility.unfold(m.getHeader("Return-Path", null))).doesNotHaveDuplicates();
  }
}
