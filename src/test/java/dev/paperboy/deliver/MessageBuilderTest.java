package dev.paperboy.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.config.PaperboyConfig;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MessageBuilderTest {
  private static final Instant SEND_TIME = Instant.parse("2026-03-14T07:30:00Z");
  private static final String UNSUBSCRIBE = "https://paperboy.example.org/unsubscribe?token=abc";

  private final MessageBuilder builder = new MessageBuilder(Fixtures.mail(), MessageSigner.NONE);

  @Test
  void aDigestIsPlainTextThenHtmlWithTheBulkMailHeaders() throws Exception {
    OutboxRow row = Fixtures.row(7, "ada@example.org", "Ada Lovelace", UNSUBSCRIBE);

    MimeMessage m = roundTrip(builder.build(row, personalised(row), SEND_TIME));

    assertThat(m.getHeader("Message-ID", null)).isEqualTo("<20260314.pUbLiC7@paperboy.example.org>");
    assertThat(m.getFrom()).containsExactly(new InternetAddress("digest@paperboy.example.org", "Paperboy"));
    assertThat(((InternetAddress) m.getFrom()[0]).getPersonal()).isEqualTo("Paperboy");
    InternetAddress to = (InternetAddress) m.getRecipients(MimeMessage.RecipientType.TO)[0];
    assertThat(to.getAddress()).isEqualTo("ada@example.org");
    assertThat(to.getPersonal()).isEqualTo("Ada Lovelace");
    assertThat(m.getReplyTo()).isEqualTo(m.getFrom()); // no reply_to configured
    assertThat(m.getSubject()).isEqualTo("Trending papers for Ada Lovelace");
    assertThat(m.getSentDate().toInstant()).isEqualTo(SEND_TIME);
    assertThat(MimeUtility.unfold(m.getHeader("List-Unsubscribe", null)))
        .isEqualTo("<" + UNSUBSCRIBE + ">, <mailto:unsubscribe@paperboy.example.org?subject=unsubscribe%20pUbLiC7>");
    assertThat(m.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
    assertThat(m.getHeader("List-Id", null)).isEqualTo("\"Paperboy trending papers\" <digest.paperboy.example.org>");
    assertThat(m.getHeader("Feedback-ID", null)).isEqualTo("digest:paperboy");
    assertThat(m.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
    assertThat(m.getHeader("Precedence", null)).isEqualTo("bulk");
    assertThat(m.getHeader("MIME-Version", null)).isEqualTo("1.0");

    assertThat(m.getContentType()).startsWith("multipart/alternative");
    MimeMultipart alt = (MimeMultipart) m.getContent();
    assertThat(alt.getCount()).isEqualTo(2);
    assertThat(alt.getBodyPart(0).getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
    assertThat(alt.getBodyPart(1).getContentType()).isEqualToIgnoringCase("text/html; charset=UTF-8");
    // quoted-printable carries line breaks as CRLF, as the wire has them
    assertThat(((String) alt.getBodyPart(0).getContent()).replace("\r\n", "\n")).isEqualTo(personalised(row).text());
    assertThat((String) alt.getBodyPart(1).getContent()).contains("<p>Hello Ada Lovelace</p>");
  }

  @Test
  void eachMessageHasItsOwnSubjectAndTheDateSetSentDateWouldGive() throws Exception {
    OutboxRow row = Fixtures.row(7, "ada@example.org", "Ada Lovelace", UNSUBSCRIBE);
    Personalised p = personalised(row);
    List<String> subjects = List.of("First", "Zweite Ausgabe für José", "First", "Third\r\nBcc: x@example.org");
    Instant t = SEND_TIME.plusMillis(250);
    for (int i = 0; i < 12; i++) {
      String subject = subjects.get(i % subjects.size());
      Instant sendTime = t.plusMillis(400L * i); // some in the same second, some not
      MimeMessage m = roundTrip(builder.build(row, new Personalised(subject, p.html(), p.text()), sendTime));

      assertThat(m.getSubject()).isEqualTo(subject.replace("\r\n", " "));
      assertThat(m.getHeader("Bcc")).isNull();
      MimeMessage angus = new MimeMessage(Session.getInstance(new Properties()));
      angus.setSentDate(java.util.Date.from(sendTime));
      assertThat(m.getHeader("Date", null)).isEqualTo(angus.getHeader("Date", null));
    }
  }

  @Test
  void nonAsciiNamesAndSubjectsAreEncodedWordsAndBodiesQuotedPrintableOrBase64() throws Exception {
    OutboxRow row = Fixtures.row(8, "jose@example.org", "José Ñúñez — 東京", UNSUBSCRIBE);
    Personalised p = new Personalised("Neue Arbeiten für José: Schrödinger, Gödel & 東京",
        "<p>Grüße, José — " + "a long line of mostly ASCII text ".repeat(40) + "</p>", "Grüße, José\n" + "東京".repeat(300));

    byte[] raw = bytes(builder.build(row, p, SEND_TIME));
    MimeMessage m = parse(raw);

    String head = head(raw);
    assertThat(head).matches("[\\x00-\\x7f]*"); // 7-bit header section
    assertThat(head).contains("=?UTF-8?");
    InternetAddress to = (InternetAddress) m.getRecipients(MimeMessage.RecipientType.TO)[0];
    assertThat(to.getPersonal()).isEqualTo("José Ñúñez — 東京");
    assertThat(m.getSubject()).isEqualTo("Neue Arbeiten für José: Schrödinger, Gödel & 東京");
    MimeMultipart alt = (MimeMultipart) m.getContent();
    assertThat(alt.getBodyPart(0).getHeader("Content-Transfer-Encoding")[0]).isEqualTo("base64");
    assertThat(alt.getBodyPart(1).getHeader("Content-Transfer-Encoding")[0]).isEqualTo("quoted-printable");
    assertThat((String) alt.getBodyPart(0).getContent()).endsWith("東京東京");
    assertThat((String) alt.getBodyPart(1).getContent()).isEqualTo(p.html());
  }

  @Test
  void aNameCannotInjectAHeader() throws Exception {
    OutboxRow row = Fixtures.row(9, "eve@example.org", "Eve\r\nBcc: victim@example.net", UNSUBSCRIBE + "\r\nBcc: x@y");
    Personalised p = new Personalised("Hi\r\nBcc: victim@example.net\nX-Evil: 1", "<p>x</p>", "x");

    byte[] raw = bytes(builder.build(row, p, SEND_TIME));
    MimeMessage m = parse(raw);

    assertThat(m.getHeader("Bcc")).isNull();
    assertThat(m.getHeader("X-Evil")).isNull();
    assertThat(m.getRecipients(MimeMessage.RecipientType.BCC)).isNull();
    assertThat(m.getAllRecipients()).hasSize(1);
    assertThat(((InternetAddress) m.getAllRecipients()[0]).getAddress()).isEqualTo("eve@example.org");
    for (String line : head(raw).split("\r\n")) {
      assertThat(line).matches("([!-9;-~]+:.*|[ \t].*)"); // a field or a folded continuation
    }
  }

  @Test
  void anEncodedWordTypedIntoANameStaysLiteralText() throws Exception {
    String typed = "Eve =?UTF-8?Q?=41dmin?=";
    OutboxRow row = Fixtures.row(9, "eve@example.org", typed, UNSUBSCRIBE);

    MimeMessage m = parse(bytes(builder.build(row, new Personalised("Hi", "<p>x</p>", "x"), SEND_TIME)));

    assertThat(((InternetAddress) m.getAllRecipients()[0]).getPersonal()).isEqualTo(typed);
  }

  @Test
  void anInvalidAddressIsAPermanentBuildError() {
    OutboxRow row = Fixtures.row(10, "not an address\r\nBcc: x@y", "X", UNSUBSCRIBE);
    assertThatThrownBy(() -> builder.build(row, personalised(row), SEND_TIME)).isInstanceOf(AddressException.class);
  }

  @Test
  void longHeadersAreFoldedAt78Characters() throws Exception {
    OutboxRow row = Fixtures.row(11, "ada@example.org", "Augusta Ada King, Countess of Lovelace, née Byron, "
        + "of the Royal Society of Everything Interesting", "https://paperboy.example.org/unsubscribe?token="
        + "a".repeat(20));
    Personalised p = new Personalised("Your trending papers: " + "diffusion transformers and state space models ".repeat(4),
        "<p>x</p>", "x");

    byte[] raw = bytes(builder.build(row, p, SEND_TIME));

    String head = head(raw);
    assertThat(Arrays.stream(head.split("\r\n")).filter(l -> l.length() > 78)).isEmpty();
    assertThat(head).contains("List-Unsubscribe: \r\n <https://").contains(">,\r\n <mailto:");
    MimeMessage m = parse(raw);
    assertThat(MimeUtility.unfold(m.getHeader("Subject", null))).isEqualTo(p.subject().strip());
    assertThat(m.getSubject()).isEqualTo(p.subject().strip());
  }

  @Test
  void onlyAnHttpsUnsubscribeUrlOffersOneClick() throws Exception {
    OutboxRow row = Fixtures.row(12, "ada@example.org", "", "http://127.0.0.1:8080/unsubscribe?token=x");

    MimeMessage m = roundTrip(builder.build(row, personalised(row), SEND_TIME));

    assertThat(MimeUtility.unfold(m.getHeader("List-Unsubscribe", null)))
        .startsWith("<http://127.0.0.1:8080/unsubscribe?token=x>, <mailto:");
    assertThat(m.getHeader("List-Unsubscribe-Post")).isNull();
    assertThat(((InternetAddress) m.getRecipients(MimeMessage.RecipientType.TO)[0]).getPersonal()).isNull();
  }

  @Test
  void replyToAndAnotherMailtoComeFromTheConfiguration() throws Exception {
    PaperboyConfig.Mail mail = new PaperboyConfig.Mail("Paperboy Ümlaut", "digest@paperboy.example.org",
        "editors@paperboy.example.org", "paperboy.example.org", "Trending", "leave@paperboy.example.org", "", false,
        "bounces@paperboy.example.org");
    MessageBuilder b = new MessageBuilder(mail, MessageSigner.NONE);
    OutboxRow row = Fixtures.row(13, "ada@example.org", "Ada", UNSUBSCRIBE);

    MimeMessage m = roundTrip(b.build(row, personalised(row), SEND_TIME));

    assertThat(m.getReplyTo()).containsExactly(new InternetAddress("editors@paperboy.example.org"));
    assertThat(((InternetAddress) m.getFrom()[0]).getPersonal()).isEqualTo("Paperboy Ümlaut");
    assertThat(m.getHeader("List-Unsubscribe", null)).contains("<mailto:leave@paperboy.example.org?subject=");
    assertThat(m.getHeader("Feedback-ID")).isNull();
    assertThat(m.getHeader("List-Id", null)).isEqualTo("Trending <digest.paperboy.example.org>");
    assertThat(b.envelopeFrom(row)).isEqualTo("bounces@paperboy.example.org");
    assertThat(builder.envelopeFrom(row)).isEqualTo("bounce@paperboy.example.org");
  }

  @Test
  void theMessageIdSurvivesAnotherSaveChangesAndTheSignerRunsLast() throws Exception {
    List<String> seen = new java.util.ArrayList<>();
    MessageBuilder signing = new MessageBuilder(Fixtures.mail(), msg -> {
      seen.add(msg.getHeader("Message-ID", null));
      msg.setHeader("X-Signed", "yes");
      return msg;
    });
    OutboxRow row = Fixtures.row(14, "ada@example.org", "Ada", UNSUBSCRIBE);

    MimeMessage built = signing.build(row, personalised(row), SEND_TIME);
    built.saveChanges(); // what Transport.send() does

    assertThat(seen).containsExactly(row.messageId());
    assertThat(built.getHeader("Message-ID", null)).isEqualTo(row.messageId());
    assertThat(roundTrip(built).getHeader("X-Signed", null)).isEqualTo("yes");
  }

  @Test
  void bareCarriageReturnsInBodiesBecomeLineBreaks() throws Exception {
    OutboxRow row = Fixtures.row(15, "ada@example.org", "Ada", UNSUBSCRIBE);
    byte[] raw = bytes(builder.build(row, new Personalised("s", "<p>a\rb</p>", "a\rb\r\nc\nd"), SEND_TIME));

    String s = new String(raw, StandardCharsets.US_ASCII);
    assertThat(s.replace("\r\n", "")).doesNotContain("\r");
  }

  /**
   * The parts are encoded by MessageBuilder itself (BodyEncoding) instead of by Angus at write time:
   * the message must be byte for byte what Angus wrote for {@code setText} with the same
   * Content-Transfer-Encoding, and read back to the same strings. Bodies cover long lines, spaces
   * before line breaks and at the end, '=', tabs and other control bytes, CR/LF mixes, and non-ASCII
   * text of every length around base64's 57-byte lines.
   */
  @Test
  void preEncodedPartsAreByteForByteWhatAngusWritesAndReadBackTheSame() throws Exception {
    List<String> bodies = new java.util.ArrayList<>(List.of("", " ", "  ", "a", "a ", "a\n", " \n", "x=y\t\u0001\u007f",
        "Grüße, José\n" + "東京".repeat(300), "a\r\nb\rc\n\rd \r\n", "word ".repeat(60) + "\n" + "x".repeat(300),
        "é".repeat(200), "=".repeat(80) + " \n" + "ab ".repeat(50) + " "));
    for (int n = 0; n <= 40; n++) bodies.add("東".repeat(n)); // 3n bytes: base64 lines full, short, exactly 76
    for (int n = 70; n <= 80; n++) bodies.add("a".repeat(n) + " " + "b".repeat(n) + " \n" + "=".repeat(n / 3));
    java.util.Random random = new java.util.Random(42);
    String alphabet = "aaaaaaab  ==\t\n\r\u00e9\u6771\u0000~\u007f.";
    for (int i = 0; i < 400; i++) {
      StringBuilder b = new StringBuilder();
      int length = random.nextInt(400);
      for (int k = 0; k < length; k++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      bodies.add(b.toString());
    }
    Session session = Session.getInstance(new Properties());
    for (String text : bodies) {
      String html = "<p>" + text + "</p>";
      MimeMessage angus = new DigestMessage(session, "<same@example.org>");
      angus.setSentDate(java.util.Date.from(SEND_TIME));
      angus.setContent(new MimeMultipart("alternative", angusPart(text, "plain"), angusPart(html, "html")));
      angus.saveChanges();
      MimeMessage ours = new DigestMessage(session, "<same@example.org>");
      ours.setSentDate(java.util.Date.from(SEND_TIME));
      ours.setContent(new MimeMultipart("alternative", MessageBuilder.part(text, "plain"), MessageBuilder.part(html, "html")));
      ours.saveChanges();

      String expected = withoutBoundary(angus);
      assertThat(withoutBoundary(ours)).as("%s", text).isEqualTo(expected);
      MimeMultipart a = (MimeMultipart) roundTrip(angus).getContent();
      MimeMultipart o = (MimeMultipart) roundTrip(ours).getContent();
      for (int k = 0; k < 2; k++) {
        assertThat(o.getBodyPart(k).getContent()).as("%s", text).isEqualTo(a.getBodyPart(k).getContent());
        assertThat(o.getBodyPart(k).getContentType()).isEqualTo(a.getBodyPart(k).getContentType());
      }
      String plain = text.replace("\r\n", "\n").replace('\r', '\n');
      String got = (String) o.getBodyPart(0).getContent();
      // quoted-printable carries line breaks as CRLF; base64 keeps the text's LF
      assertThat(got.replace("\r\n", "\n")).as("%s", text).isEqualTo(plain);
    }
  }

  /** A part as MessageBuilder made it before it encoded parts itself: Angus encodes it at every write. */
  private static jakarta.mail.internet.MimeBodyPart angusPart(String body, String subtype) throws MessagingException {
    String text = body.replace("\r\n", "\n").replace('\r', '\n');
    jakarta.mail.internet.MimeBodyPart part = new jakarta.mail.internet.MimeBodyPart();
    part.setText(text, "UTF-8", subtype);
    part.setHeader("Content-Transfer-Encoding", EncodedPart.transferEncoding(text));
    return part;
  }

  private static String withoutBoundary(MimeMessage m) throws Exception {
    String boundary = new jakarta.mail.internet.ContentType(m.getContentType()).getParameter("boundary");
    return new String(bytes(m), StandardCharsets.ISO_8859_1).replace(boundary, "BOUNDARY");
  }

  static Personalised personalised(OutboxRow row) {
    return Fixtures.PERSONALISER.personalise(Fixtures.BODY, row);
  }

  static byte[] bytes(MimeMessage m) throws IOException, MessagingException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.writeTo(out);
    return out.toByteArray();
  }

  static MimeMessage parse(byte[] raw) throws MessagingException {
    return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
  }

  static MimeMessage roundTrip(MimeMessage m) throws IOException, MessagingException {
    return parse(bytes(m));
  }

  static String head(byte[] raw) {
    String s = new String(raw, StandardCharsets.ISO_8859_1);
    return s.substring(0, s.indexOf("\r\n\r\n"));
  }
}
