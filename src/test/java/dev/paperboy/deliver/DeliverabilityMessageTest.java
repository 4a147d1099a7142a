package dev.paperboy.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.paperboy.config.PaperboyConfig;
import dev.paperboy.render.DigestRenderer;
import dev.paperboy.render.NuChecker;
import dev.paperboy.render.Recipient;
import dev.paperboy.render.RenderedDigest;
import dev.paperboy.render.TestDigests;
import dev.paperboy.select.Digest;
import dev.paperboy.select.Subscriber;
import dev.paperboy.testing.GreenMails;
import dev.paperboy.token.Purpose;
import dev.paperboy.token.Tokens;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #6 end to end: real digests rendered from the repository's templates for varied subscribers,
 * built, DKIM-signed, sent with a VERP envelope sender through the SMTP transport into GreenMail, and
 * checked on the message as it arrived: headers, folding, header injection, the DKIM signature (apache
 * jdkim with the test's own public key), both parts, and the Nu HTML checker on the HTML part.
 */
class DeliverabilityMessageTest {
  /** select.Subscriber.MAX_PAPERS: the most papers a digest can carry. */
  private static final int MAX_PAPERS = Subscriber.MAX_PAPERS;
  private static final int GMAIL_CLIP = 102 * 1024;
  private static final String DOMAIN = "paperboy.example.org";
  private static final String SELECTOR = "pbtest";
  private static final Pattern URL_LINE = Pattern.compile(" *(\\p{L}+: +)?https?://\\S+");
  private static final List<String> SIGNED = List.of("from", "to", "subject", "date", "message-id", "list-id",
      "list-unsubscribe", "list-unsubscribe-post", "feedback-id");

  private static final Tokens TOKENS = Tokens.of("v1:deliverability-test-secret-0123456789", "test");
  private static final DigestRenderer RENDERER = TestDigests.renderer();

  @TempDir static Path keys;
  private static KeyPair pair;
  private static MessageBuilder builder;
  private static GreenMail greenMail;

  @BeforeAll
  static void keyAndServer() throws Exception {
    pair = DkimKeys.generate(2048);
    DkimKeys.KeyFiles files = DkimKeys.filesFor(keys, SELECTOR);
    DkimKeys.write(pair, files);
    RSAPrivateKey key = DkimKeys.readPrivateKey(files.privateKey()); // the key as the configuration reads it
    builder = new MessageBuilder(Fixtures.mail(), new DkimMessageSigner(DOMAIN, SELECTOR, key),
        Bounces.verp("bounce@" + DOMAIN, TOKENS));
    greenMail = GreenMails.start(0);
  }

  @AfterAll
  static void stop() {
    greenMail.stop();
  }

  /** One test subscriber: who, and the digest they get. */
  private record Case(String label, String subscriberId, String email, String name, Digest digest) {}

  private static List<Case> cases() {
    var t = new ArrayList<Case>();
    t.add(new Case("no papers, non-ASCII name", "sub-zoe", "zoe@example.org", "Zoë Ørsted-Łukasiewicz 山田太郎",
        TestDigests.digest(TestDigests.subscriber("sub-zoe", "zoe@example.org", "Zoë", TestDigests.DIFFUSION))));
    String longTitle = "Über-lange Titel: " + "a very long title that goes on and on ".repeat(12) + "— ünïcödé ∑ 深度学习";
    t.add(new Case("one paper, very long non-ASCII title", "sub-long", "long@example.org", "Grace Brewster Murray Hopper",
        TestDigests.digest(TestDigests.subscriber("sub-long", "long@example.org", "Grace", TestDigests.DIFFUSION),
            TestDigests.section(TestDigests.DIFFUSION, TestDigests.pick(TestDigests.paper("2603.00001", longTitle), TestDigests.DIFFUSION)))));
    t.add(new Case("max papers", "sub-max", "max@example.org", "Max Mustermann",
        TestDigests.longDigest(MAX_PAPERS, "max@example.org")));
    t.add(new Case("a long name without spaces, with quotes", "sub-word", "word@example.org", "Bartholomew\"Max\"-Alexander-Fitzgerald-\"Monty\"-Wolfeschlegelstein-Bergs",
        TestDigests.digest(TestDigests.subscriber("sub-word", "word@example.org", "B", TestDigests.DIFFUSION),
            TestDigests.section(TestDigests.DIFFUSION, TestDigests.pick(TestDigests.paper("2603.00003", "Short"), TestDigests.DIFFUSION)))));
    t.add(new Case("header injection attempt", "sub-evil", "evil@example.org", "Eve\r\nBcc: victim@example.org\r\nX-Evil: 1",
        TestDigests.digest(TestDigests.subscriber("sub-evil", "evil@example.org", "Eve", TestDigests.topic("evil", "Evil\r\nBcc: victim@example.org")),
            TestDigests.section(TestDigests.topic("evil", "Evil\r\nBcc: victim@example.org"),
                TestDigests.pick(TestDigests.paper("2603.00002", "Title\r\nBcc: victim@example.org\nX-Evil: 2"))))));
    return t;
  }

  @Test
  void everyDigestMeetsTheBulkSenderRulesAsReceived() throws Exception {
    List<Case> cases = cases();
    assertThat(cases.get(2).digest().paperCount()).isEqualTo(MAX_PAPERS);
    Map<String, Sent> sent = new LinkedHashMap<>();
    try (MailTransport transport = new SmtpTransports(SmtpTransportsTest.smtp(greenMail.getSmtp().getPort()), DOMAIN).open()) {
      long id = 100;
      for (Case c : cases) {
        sent.put(c.email(), send(transport, c, id++));
      }
    }
    MimeMessage[] received = greenMail.getReceivedMessages();
    assertThat(received).hasSize(cases.size());
    for (Case c : cases) {
      MimeMessage m = java.util.Arrays.stream(received)
          .filter(r -> header(r, "Message-ID").equals(sent.get(c.email()).row().messageId())).findFirst().orElseThrow();
      checkMessage(c, sent.get(c.email()), m);
    }
  }

  private record Sent(OutboxRow row, Recipient recipient, Instant sendTime, String envelopeFrom, RenderedDigest rendered) {}

  private Sent send(MailTransport transport, Case c, long id) throws Exception {
    String unsubscribe = "https://" + DOMAIN + "/unsubscribe/" + TOKENS.sign(Purpose.UNSUBSCRIBE, c.subscriberId());
    String manage = "https://" + DOMAIN + "/manage/" + TOKENS.sign(Purpose.MANAGE, c.subscriberId());
    String publicId = "pub" + id;
    OutboxRow row = new OutboxRow(id, publicId, c.subscriberId(), c.email(), Fixtures.MAR14, Fixtures.WINDOW_END, 1L,
        Map.of(OutboxRow.NAME, c.name(), OutboxRow.UNSUBSCRIBE_URL, unsubscribe, DigestPersonaliser.MANAGE_URL, manage),
        List.of(), "<20260314." + publicId + "@" + DOMAIN + ">", OutboxRow.Kind.DIGEST, 0, null,
        OutboxRow.Status.SENDING, 0, Fixtures.WINDOW_END, "n#0", Fixtures.WINDOW_END.plusSeconds(300), null,
        Fixtures.WINDOW_END, Fixtures.WINDOW_END, null);
    Recipient r = new Recipient(c.email(), c.name(), unsubscribe, manage, "https://" + DOMAIN + "/digest/" + TOKENS.sign(Purpose.VIEW_DIGEST, publicId));
    RenderedDigest rendered = RENDERER.render(c.digest());
    Instant sendTime = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    MimeMessage m = builder.build(row, new Personalised(rendered.subject(), rendered.html(r), rendered.text(r)), sendTime);
    String envelopeFrom = builder.envelopeFrom(row);
    transport.send(m, envelopeFrom, List.of(c.email()));
    return new Sent(row, r, sendTime, envelopeFrom, rendered);
  }

  private void checkMessage(Case c, Sent s, MimeMessage received) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    received.writeTo(out);
    byte[] raw = out.toByteArray();
    String rawText = new String(raw, StandardCharsets.US_ASCII);
    String head = rawText.substring(0, rawText.indexOf("\r\n\r\n") + 2);
    MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    String as = c.label() + ": ";

    // the whole message is 7-bit ASCII with CRLF lines, none over 998 and headers folded at 78
    for (int i = 0; i < raw.length; i++) assertThat(raw[i] & 0x80).as(as + "8-bit byte at " + i).isZero();
    for (String line : rawText.split("\r\n", -1)) assertThat(line.length()).as(as + line).isLessThanOrEqualTo(998);
    assertThat(rawText.replace("\r\n", "")).as(as + "bare CR or LF").doesNotContain("\r").doesNotContain("\n");
    for (String line : head.split("\r\n")) {
      if (line.startsWith("DKIM-Signature") || line.startsWith("Received") || line.startsWith("Return-Path")) continue;
      // a header line may pass 78 only when it holds a single unbreakable word (a long URL)
      if (line.length() > 78) assertThat(line.strip()).as(as + "long header line").doesNotContain(" ");
    }

    // header injection: data with CR/LF added no header fields
    assertThat(m.getHeader("Bcc")).as(as).isNull();
    assertThat(m.getHeader("X-Evil")).as(as).isNull();
    for (String name : List.of("From", "To", "Subject", "Date", "Message-ID", "List-Id", "List-Unsubscribe",
        "List-Unsubscribe-Post", "Feedback-ID", "Auto-Submitted", "Precedence", "DKIM-Signature", "MIME-Version")) {
      assertThat(m.getHeader(name)).as(as + name).hasSize(1);
    }

    // From with a display name, To with the subscriber's (RFC 2047) name
    InternetAddress from = (InternetAddress) m.getFrom()[0];
    assertThat(from.getPersonal()).isEqualTo("Paperboy");
    assertThat(from.getAddress()).isEqualTo("digest@" + DOMAIN);
    InternetAddress to = (InternetAddress) m.getRecipients(MimeMessage.RecipientType.TO)[0];
    assertThat(to.getAddress()).isEqualTo(c.email());
    String name = c.name().replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    assertThat(to.getPersonal()).as(as).isEqualTo(name.length() <= 70 ? name : name.substring(0, 69) + "…");

    // Message-ID on the configured domain; Date = send time
    assertThat(header(m, "Message-ID")).isEqualTo(s.row().messageId()).endsWith("@" + DOMAIN + ">");
    assertThat(m.getSentDate().toInstant()).isEqualTo(s.sendTime());

    // subject: RFC 2047 encoded when not ASCII, decodes to the rendered subject
    String rawSubject = header(m, "Subject");
    assertThat(m.getSubject()).isEqualTo(s.rendered().subject().replaceAll("[\\r\\n]+", " ").strip());
    if (!StandardCharsets.US_ASCII.newEncoder().canEncode(m.getSubject())) assertThat(rawSubject).contains("=?UTF-8?");

    // list headers (RFC 2919, 2369, 8058), Feedback-ID without anything per recipient, bulk markers
    assertThat(header(m, "List-Id")).isEqualTo("\"Paperboy trending papers\" <digest." + DOMAIN + ">");
    String listUnsubscribe = header(m, "List-Unsubscribe");
    assertThat(listUnsubscribe).contains("<" + s.recipient().unsubscribeUrl() + ">").containsPattern("<mailto:unsubscribe@" + DOMAIN + "\\?subject=[^>]+>");
    assertThat(header(m, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
    String feedbackId = header(m, "Feedback-ID");
    assertThat(feedbackId).isEqualTo(Fixtures.mail().feedbackId()).doesNotContain(c.subscriberId()).doesNotContain(c.email())
        .doesNotContain(s.row().publicId());
    assertThat(header(m, "Auto-Submitted")).isEqualTo("auto-generated");
    assertThat(header(m, "Precedence")).isEqualTo("bulk");

    // VERP: the envelope sender names the subscriber, and only its own token does
    assertThat(s.envelopeFrom()).startsWith("bounce+").endsWith("@" + DOMAIN);
    assertThat(s.envelopeFrom().substring(0, s.envelopeFrom().indexOf('@')).length()).isLessThanOrEqualTo(64);
    assertThat(Bounces.verp("bounce@" + DOMAIN, TOKENS).subscriberOf(s.envelopeFrom())).contains(c.subscriberId());
    assertThat(header(m, "Return-Path")).as(as + "GreenMail records MAIL FROM as Return-Path").isEqualTo("<" + s.envelopeFrom() + ">");

    // DKIM: verifies with the test key over the bytes as received, and covers what it must
    DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> {
      assertThat(selector.toString() + "._domainkey." + domain).isEqualTo(DkimKeys.recordName(SELECTOR, DOMAIN));
      return List.of(DkimKeys.recordValue(pair.getPublic()));
    });
    List<SignatureRecord> signatures = verifier.verify(new ByteArrayInputStream(raw));
    assertThat(signatures).as(as + "DKIM").hasSize(1);
    SignatureRecord sig = signatures.get(0);
    assertThat(sig.getDToken().toString()).isEqualTo(DOMAIN);
    assertThat(sig.getSelector().toString()).isEqualTo(SELECTOR);
    assertThat(header(m, "DKIM-Signature").replaceAll("\\s", "")).contains("a=rsa-sha256;").contains("c=relaxed/relaxed;").doesNotContain("l=");
    assertThat(sig.getHeaderCanonicalisationMethod() + "/" + sig.getBodyCanonicalisationMethod()).isEqualTo("relaxed/relaxed");
    assertThat(sig.getHeaders().stream().map(h -> h.toString().toLowerCase(Locale.ROOT)).collect(Collectors.toSet())).containsAll(SIGNED);
    // and a change to a signed header breaks it
    byte[] tampered = rawText.replaceFirst("Precedence: bulk", "Precedence: list").getBytes(StandardCharsets.US_ASCII);
    DKIMVerifier again = new DKIMVerifier((method, selector, domain) -> List.of(DkimKeys.recordValue(pair.getPublic())));
    assertThat(catchFail(() -> again.verify(new ByteArrayInputStream(tampered)))).as(as + "tampered").isTrue();

    // parts: text/plain then text/html, UTF-8, quoted-printable or base64
    Multipart mp = (Multipart) m.getContent();
    assertThat(m.getContentType()).startsWith("multipart/alternative");
    assertThat(mp.getCount()).isEqualTo(2);
    Part text = mp.getBodyPart(0);
    Part html = mp.getBodyPart(1);
    assertThat(text.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
    assertThat(html.getContentType()).startsWith("text/html").containsIgnoringCase("charset=UTF-8");
    assertThat(text.getHeader("Content-Transfer-Encoding")[0]).isIn("quoted-printable", "base64");
    assertThat(html.getHeader("Content-Transfer-Encoding")[0]).isIn("quoted-printable", "base64");

    String plain = (String) text.getContent();
    assertThat(plain).as(as).contains(s.recipient().unsubscribeUrl());
    for (String line : plain.split("\r?\n")) {
      assertThat(line.length()).isLessThanOrEqualTo(998);
      if (line.codePointCount(0, line.length()) > 78) assertThat(line).as(as + "only a URL line may pass 78").matches(URL_LINE);
    }
    assertThat(plain).as(as + "data in the body stays inside its line").doesNotContainPattern("(?m)^(Bcc|X-Evil):");

    String htmlBody = (String) html.getContent();
    checkHtml(as, htmlBody, s.recipient(), c.digest().paperCount());
  }

  private static void checkHtml(String as, String htmlBody, Recipient r, int papers) throws Exception {
    assertThat(htmlBody.getBytes(StandardCharsets.UTF_8).length).as(as + "HTML size").isLessThan(GMAIL_CLIP);
    assertThat(NuChecker.realErrors(htmlBody)).as(as + "Nu HTML checker").isEmpty();
    Document doc = Jsoup.parse(htmlBody);
    assertThat(doc.selectFirst("html").attr("lang")).isEqualTo("en");
    assertThat(doc.select("meta[name=color-scheme]").attr("content")).isEqualTo("light dark");
    String css = doc.select("style").html();
    assertThat(css).contains("prefers-color-scheme:dark").contains("max-width:620px");
    assertThat(doc.select("table[role=presentation]").eachAttr("style")).anyMatch(st -> st.contains("max-width:600px"));
    assertThat(htmlBody).contains("<table role=\"presentation\" width=\"600\""); // the Outlook (mso) frame
    Element preheader = doc.body().child(0);
    assertThat(preheader.attr("style")).contains("display:none");
    assertThat(preheader.text().strip()).isNotEmpty();
    // hidden without what SpamAssassin scores as invisible text (HTML_FONT_LOW_CONTRAST, FONT_INVIS_*)
    assertThat(preheader.attr("style")).doesNotContainPattern("font-size:\\s*[01](px|pt)").doesNotContainPattern("(^|;)color:");
    for (Element img : doc.select("img")) assertThat(img.attr("alt")).as(as + "img alt").isNotBlank();
    Element unsubscribe = doc.selectFirst("a:containsOwn(Unsubscribe)");
    assertThat(unsubscribe).isNotNull();
    assertThat(unsubscribe.attr("href")).isEqualTo(r.unsubscribeUrl());
    for (Element e = unsubscribe; e != null; e = e.parent()) assertThat(e.attr("style")).doesNotContain("display:none");
    assertThat(doc.select("a[href^=https://huggingface.co/papers/]")).hasSize(papers);
  }

  private interface Failing {
    void run() throws Exception;
  }

  private static boolean catchFail(Failing f) {
    try {
      f.run();
      return false;
    } catch (Exception e) {
      return true;
    }
  }

  private static String header(MimeMessage m, String name) {
    try {
      return MimeUtility.unfold(m.getHeader(name, null));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aKeygenKeyIsPemThatReadsBackAndItsRecordSplitsForDns() throws Exception {
    DkimKeys.KeyFiles files = DkimKeys.filesFor(keys, "other");
    KeyPair p = DkimKeys.generate(2048);
    DkimKeys.write(p, files);
    assertThat(Files.readString(files.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(Files.readString(files.publicKey())).startsWith("-----BEGIN PUBLIC KEY-----\n");
    assertThat(Files.getPosixFilePermissions(files.privateKey())).containsExactlyInAnyOrder(
        java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    RSAPrivateKey read = DkimKeys.readPrivateKey(files.privateKey());
    assertThat(DkimKeys.publicKeyOf(read)).isEqualTo(p.getPublic());
    String value = DkimKeys.recordValue(p.getPublic());
    assertThat(value).startsWith("v=DKIM1; k=rsa; p=");
    assertThat(Base64.getDecoder().decode(value.substring(value.indexOf("p=") + 2))).isEqualTo(p.getPublic().getEncoded());
    List<String> strings = DkimKeys.recordStrings(value);
    assertThat(strings).allMatch(x -> x.length() <= 255);
    assertThat(String.join("", strings)).isEqualTo(value);
    assertThat(catchFail(() -> DkimKeys.write(DkimKeys.generate(2048), files))).as("never overwrites").isTrue();
    assertThat(DkimKeys.readPrivateKey(files.privateKey())).isEqualTo(read);
  }

  @Test
  void withoutVerpEveryEnvelopeSenderIsTheBounceAddressAndForeignTokensDoNotVerify() {
    PaperboyConfig.Mail mail = Fixtures.mail();
    OutboxRow row = Fixtures.row(7, "ada@example.org", "Ada", "https://x/u");
    assertThat(Bounces.fromConfig(mail, null).envelopeFrom(row)).isEqualTo("bounce@" + DOMAIN);
    Bounces verp = Bounces.verp("bounce@" + DOMAIN, TOKENS);
    String address = verp.envelopeFrom(row);
    assertThat(verp.subscriberOf(address.toUpperCase(Locale.ROOT))).contains("s7");
    Bounces otherSecret = Bounces.verp("bounce@" + DOMAIN, Tokens.of("v1:another-secret-0123456789abcdef", "test"));
    assertThat(otherSecret.subscriberOf(address)).isEmpty();
    String forged = address.replace("+s7.", "+s8.");
    assertThat(verp.subscriberOf(forged)).isEmpty();
  }

  @Test
  void aMaildirCopyCarriesTheVerpReturnPathAndStillVerifies() throws Exception {
    Case c = cases().get(0);
    try (MailTransport maildir = new MaildirTransport(keys.resolve("maildir")).open()) {
      send(maildir, c, 500);
    }
    Path file;
    try (var files = Files.list(keys.resolve("maildir/new"))) {
      file = files.findFirst().orElseThrow();
    }
    String stored = Files.readString(file, StandardCharsets.US_ASCII);
    String firstLine = stored.substring(0, stored.indexOf('\n'));
    assertThat(firstLine).startsWith("Return-Path: <bounce+").endsWith("@" + DOMAIN + ">");
    assertThat(Bounces.verp("bounce@" + DOMAIN, TOKENS).subscriberOf(firstLine.substring("Return-Path: ".length()))).contains(c.subscriberId());
    // Maildir keeps LF line ends; a reader verifying DKIM reads them as CRLF, as they went out
    byte[] crlf = stored.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
    DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> List.of(DkimKeys.recordValue(pair.getPublic())));
    assertThat(verifier.verify(new ByteArrayInputStream(crlf))).hasSize(1);
  }
}
