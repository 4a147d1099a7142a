package dev.paperboy.deliver;

import dev.paperboy.testing.ScriptedSmtpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.DummySSLSocketFactory;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.paperboy.config.PaperboyConfig;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmtpTransportsTest {
  private static final String FROM = "bounce@paperboy.example.org";

  private final MessageBuilder builder = new MessageBuilder(Fixtures.mail(), MessageSigner.NONE);

  static PaperboyConfig.Smtp smtp(int port) {
    return new PaperboyConfig.Smtp("127.0.0.1", port, "none", "", "", Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  private MimeMessage message(String email) throws Exception {
    OutboxRow row = Fixtures.row(1, email, "Ada", "https://paperboy.example.org/u/1");
    return builder.build(row, MessageBuilderTest.personalised(row), Instant.now());
  }

  @Test
  void messagesGoOutOnOneReusedConnectionWithTheEnvelopeSender() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer();
        MailTransport t = new SmtpTransports(smtp(server.port()), "paperboy.example.org").open()) {
      for (int i = 0; i < 5; i++) t.send(message("r" + i + "@example.org"), FROM, List.of("r" + i + "@example.org"));

      assertThat(server.received()).hasSize(5);
      assertThat(server.connections()).isEqualTo(1);
      assertThat(server.received().get(3).mailFrom()).isEqualTo(FROM);
      assertThat(server.received().get(3).rcptTo()).containsExactly("r3@example.org");
      assertThat(server.received().get(3).text()).contains("Message-ID: <20260314.pUbLiC1@paperboy.example.org>");
    }
  }

  @Test
  void aTemporaryRcptRefusalIsTemporaryWithTheReplyAndTheNextMessageStillGoes() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()
            .onRcpt((rcpt, n) -> rcpt.startsWith("grey") ? "451 4.7.1 Greylisted, try again later" : null);
        MailTransport t = new SmtpTransports(smtp(server.port()), "paperboy.example.org").open()) {
      SendFailure f = catchThrowableOfType(SendFailure.class,
          () -> t.send(message("grey@example.org"), FROM, List.of("grey@example.org")));

      assertThat(f.isTemporary()).isTrue();
      assertThat(f.replyCode()).isEqualTo(451);
      assertThat(f.reply()).isEqualTo("451 4.7.1 Greylisted, try again later");
      t.send(message("ok@example.org"), FROM, List.of("ok@example.org"));
      assertThat(server.received()).extracting(r -> r.rcptTo().get(0)).containsExactly("ok@example.org");
    }
  }

  @Test
  void aPermanentRcptRefusalIsPermanentWithTheReply() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()
            .onRcpt((rcpt, n) -> "550 5.1.1 <" + rcpt + ">: Recipient address rejected: User unknown");
        MailTransport t = new SmtpTransports(smtp(server.port()), "paperboy.example.org").open()) {
      SendFailure f = catchThrowableOfType(SendFailure.class,
          () -> t.send(message("nobody@example.org"), FROM, List.of("nobody@example.org")));

      assertThat(f.isTemporary()).isFalse();
      assertThat(f.replyCode()).isEqualTo(550);
      assertThat(f.reply()).isEqualTo("550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown");
    }
  }

  @Test
  void repliesAfterTheDataAreClassifiedByTheirCode() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer().onData((rcpt, n) -> switch (rcpt) {
          case "spam@example.org" -> "554 5.7.1 Message rejected as spam";
          case "full@example.org" -> "452 4.2.2 Mailbox full";
          default -> null;
        });
        MailTransport t = new SmtpTransports(smtp(server.port()), "paperboy.example.org").open()) {
      SendFailure spam = catchThrowableOfType(SendFailure.class,
          () -> t.send(message("spam@example.org"), FROM, List.of("spam@example.org")));
      SendFailure full = catchThrowableOfType(SendFailure.class,
          () -> t.send(message("full@example.org"), FROM, List.of("full@example.org")));
      t.send(message("ok@example.org"), FROM, List.of("ok@example.org"));

      assertThat(spam.isTemporary()).isFalse();
      assertThat(spam.reply()).isEqualTo("554 5.7.1 Message rejected as spam");
      assertThat(full.isTemporary()).isTrue();
      assertThat(full.reply()).isEqualTo("452 4.2.2 Mailbox full");
      assertThat(server.received()).hasSize(1);
    }
  }

  @Test
  void aRefusedConnectionIsTemporary() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (MailTransport t = new SmtpTransports(smtp(port), "paperboy.example.org").open()) {
      SendFailure f = catchThrowableOfType(SendFailure.class,
          () -> t.send(message("a@example.org"), FROM, List.of("a@example.org")));

      assertThat(f.isTemporary()).isTrue();
      assertThat(f.replyCode()).isEqualTo(-1);
      assertThat(f.reply()).containsIgnoringCase("connect");
    }
  }

  @Test
  void aServerThatNeverAnswersTimesOutAsTemporary() throws Exception {
    PaperboyConfig.Smtp quick;
    try (ScriptedSmtpServer server = new ScriptedSmtpServer().mute()) {
      quick = new PaperboyConfig.Smtp("127.0.0.1", server.port(), "none", "", "", Duration.ofMillis(300),
          Duration.ofMillis(300));
      try (MailTransport t = new SmtpTransports(quick, "paperboy.example.org").open()) {
        SendFailure f = catchThrowableOfType(SendFailure.class,
            () -> t.send(message("a@example.org"), FROM, List.of("a@example.org")));

        assertThat(f.isTemporary()).isTrue();
        assertThat(f.reply()).containsIgnoringCase("timed out");
      }
    }
  }

  @Test
  void aConnectionTheServerClosedIsReopenedWithoutLosingTheMessage() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer().messagesPerConnection(2);
        MailTransport t = new SmtpTransports(smtp(server.port()), "paperboy.example.org").open()) {
      for (int i = 0; i < 5; i++) t.send(message("r" + i + "@example.org"), FROM, List.of("r" + i + "@example.org"));

      assertThat(server.received()).hasSize(5);
      assertThat(server.connections()).isEqualTo(3);
    }
  }

  @Test
  void aMalformedRecipientIsPermanent() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer();
        MailTransport t = new SmtpTransports(smtp(server.port()), "paperboy.example.org").open()) {
      SendFailure f = catchThrowableOfType(SendFailure.class,
          () -> t.send(message("a@example.org"), FROM, List.of("not an address")));

      assertThat(f.isTemporary()).isFalse();
      assertThat(server.connections()).isZero();
    }
  }

  @Test
  void theServerGoingAwayMidRunIsTemporaryAndSendingResumesWhenItIsBack() throws Exception {
    ScriptedSmtpServer first = new ScriptedSmtpServer();
    int port = first.port();
    try (MailTransport t = new SmtpTransports(smtp(port), "paperboy.example.org").open()) {
      t.send(message("a@example.org"), FROM, List.of("a@example.org"));
      first.close();

      SendFailure f = catchThrowableOfType(SendFailure.class,
          () -> t.send(message("b@example.org"), FROM, List.of("b@example.org")));
      assertThat(f.isTemporary()).isTrue();

      try (ScriptedSmtpServer back = new ScriptedSmtpServer(port)) {
        t.send(message("b@example.org"), FROM, List.of("b@example.org"));

        assertThat(first.received()).extracting(r -> r.rcptTo().get(0)).containsExactly("a@example.org");
        assertThat(back.received()).extracting(r -> r.rcptTo().get(0)).containsExactly("b@example.org");
      }
    }
  }

  @Test
  void smtpsSpeaksTlsFromTheStart() throws Exception {
    GreenMail gm = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS))
        .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    gm.start();
    try {
      PaperboyConfig.Smtp config = new PaperboyConfig.Smtp("127.0.0.1", gm.getSmtps().getPort(), "smtps", "", "",
          Duration.ofSeconds(5), Duration.ofSeconds(5));
      // GreenMail's certificate is self-signed and not for 127.0.0.1: trust it for this test only
      SmtpTransports smtps = new SmtpTransports(config, "paperboy.example.org", new DummySSLSocketFactory(), false);
      try (MailTransport t = smtps.open()) {
        t.send(message("a@example.org"), FROM, List.of("a@example.org"));
        t.send(message("b@example.org"), FROM, List.of("b@example.org"));
      }
      assertThat(gm.getReceivedMessages()).hasSize(2);
    } finally {
      gm.stop();
    }
  }

  @Test
  void smtpsRefusesAServerWhoseCertificateIsNotTrusted() throws Exception {
    GreenMail gm = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS))
        .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    gm.start();
    try {
      PaperboyConfig.Smtp config = new PaperboyConfig.Smtp("127.0.0.1", gm.getSmtps().getPort(), "smtps", "", "",
          Duration.ofSeconds(5), Duration.ofSeconds(5));
      try (MailTransport t = new SmtpTransports(config, "paperboy.example.org").open()) {
        SendFailure f = catchThrowableOfType(SendFailure.class,
            () -> t.send(message("a@example.org"), FROM, List.of("a@example.org")));
        assertThat(f.isTemporary()).isTrue();
        assertThat(f.reply()).containsAnyOf("PKIX", "certificate");
      }
      assertThat(gm.getReceivedMessages()).isEmpty();
    } finally {
      gm.stop();
    }
  }

  @Test
  void socketsAreOpenedWithoutNagleDelay() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        java.net.Socket s = new NoDelaySockets.Plain().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
      assertThat(s.getTcpNoDelay()).isTrue();
    }
  }
}
