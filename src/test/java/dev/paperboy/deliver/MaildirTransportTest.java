package dev.paperboy.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.config.ConfigLoader;
import dev.paperboy.config.PaperboyConfig;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildirTransportTest {
  @TempDir Path dir;

  private final MessageBuilder builder = new MessageBuilder(Fixtures.mail(), MessageSigner.NONE);

  @Test
  void eachMessageIsOneFileInNewThatParsesBack() throws Exception {
    MaildirTransport maildir = new MaildirTransport(dir.resolve("out"));
    for (int i = 1; i <= 3; i++) {
      OutboxRow row = Fixtures.row(i, "r" + i + "@example.org", "Zoë " + i, "https://paperboy.example.org/u/" + i);
      maildir.open().send(builder.build(row, MessageBuilderTest.personalised(row), Instant.now()),
          "bounce@paperboy.example.org", List.of(row.email()));
    }

    assertThat(dir.resolve("out/cur")).isDirectory();
    assertThat(dir.resolve("out/tmp")).isEmptyDirectory();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir.resolve("out/new"))) {
      files = s.sorted().toList();
    }
    assertThat(files).hasSize(3);
    assertThat(files).extracting(p -> p.getFileName().toString())
        .allMatch(n -> n.matches("\\d+\\.M\\d+P\\d+Q\\d+\\..+"))
        .doesNotHaveDuplicates();
    for (Path f : files) {
      byte[] raw = Files.readAllBytes(f);
      assertThat(new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("\r")
          .startsWith("Return-Path: <bounce@paperboy.example.org>\n");
      MimeMessage m;
      try (InputStream in = Files.newInputStream(f)) {
        m = new MimeMessage(Session.getInstance(new Properties()), in);
      }
      InternetAddress to = (InternetAddress) m.getRecipients(MimeMessage.RecipientType.TO)[0];
      assertThat(to.getPersonal()).startsWith("Zoë ");
      assertThat(m.getSubject()).isEqualTo("Trending papers for " + to.getPersonal());
      assertThat(m.getHeader("Message-ID", null)).matches("<20260314\\.pUbLiC\\d@paperboy\\.example\\.org>");
      MimeMultipart alt = (MimeMultipart) m.getContent();
      assertThat((String) alt.getBodyPart(0).getContent()).startsWith("Hello Zoë ");
    }
  }

  @Test
  void theEnvironmentChoosesTheMaildirTransport() {
    PaperboyConfig c = new ConfigLoader(Map.of("PAPERBOY_DELIVERY_TRANSPORT", "maildir",
        "PAPERBOY_DELIVERY_MAILDIR", dir.resolve("env-out").toString()), dir).load(null, false);

    MailTransports t = MailTransports.fromConfig(c);

    assertThat(t).isInstanceOf(MaildirTransport.class);
    assertThat(((MaildirTransport) t).newDir()).isEqualTo(dir.resolve("env-out/new"));
  }

  @Test
  void smtpIsChosenByConfigurationToo() {
    PaperboyConfig c = new ConfigLoader(Map.of("PAPERBOY_DELIVERY_TRANSPORT", "smtp"), dir).load(null, false);
    assertThat(MailTransports.fromConfig(c)).isInstanceOf(SmtpTransports.class);
  }
}
