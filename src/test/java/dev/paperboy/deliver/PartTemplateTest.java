package dev.paperboy.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.render.Field;
import dev.paperboy.render.Recipient;
import dev.paperboy.render.SplicedText;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A body encoded once and spliced per recipient must read back as exactly the recipient's text, in
 * lines a relay leaves alone, whatever sits at the seams: spaces, '=', line breaks, long lines,
 * non-ASCII text, HTML-escaped values.
 */
class PartTemplateTest {
  private static final Field[] FIELDS = {Field.GREETING, Field.NAME, Field.EMAIL, Field.UNSUBSCRIBE_URL, Field.VIEW_URL};
  private static final String ALPHABET = "aaaaaaaab    ==\t\n\n\r\u00e9.<&";

  @Test
  void eachRecipientsPartDecodesToTheirOwnText() throws Exception {
    Random random = new Random(7);
    List<Recipient> recipients = List.of(
        new Recipient("ada@example.org", "Ada Lovelace", "https://p.example.org/u?t=" + "x".repeat(90), "", "https://p.example.org/d/1"),
        new Recipient("jose@example.org", "José <&> \"Núñez\" ", "https://p.example.org/u?t=a&b=c", "", ""),
        new Recipient("x@example.org", "", "", "", "https://p.example.org/" + "v".repeat(200)),
        new Recipient("y@example.org", "Name  With   Spaces", "u", "", "v"));
    int checked = 0;
    for (int t = 0; t < 300; t++) {
      String stored = template(random);
      for (boolean html : new boolean[] {true, false}) {
        PartTemplate template = PartTemplate.of(stored, html);
        for (Recipient r : recipients) {
          EncodedPart part = template.fill(r);
          String expected = SplicedText.parse(EncodedPart.lines(stored)).fill(r, html);
          assertThat(part.transferEncoding()).isEqualTo(template.transferEncoding());
          assertThat(decoded(part, html)).as("%s", stored).isEqualTo(expected);
          assertWireSafe(part);
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(300 * 2 * recipients.size());
  }

  @Test
  void aTemplateReadBackFromItsBytesFillsTheSameBytes() {
    Random random = new Random(11);
    List<String> stored = new ArrayList<>();
    for (int t = 0; t < 100; t++) stored.add(template(random));
    stored.add("東京の論文 " + Field.GREETING.marker() + "\n" + "拡散モデル。".repeat(30)); // base64, kept as text
    Recipient r = new Recipient("jose@example.org", "José <&>", "https://p.example.org/u?t=a&b=c", "",
        "https://p.example.org/" + "v".repeat(100));
    for (String s : stored) {
      for (boolean html : new boolean[] {true, false}) {
        PartTemplate template = PartTemplate.of(s, html);
        PartTemplate read = PartTemplate.fromBytes(template.toBytes(), html);
        assertThat(read.transferEncoding()).isEqualTo(template.transferEncoding());
        assertThat(read.fill(r)).as("%s", s).isEqualTo(template.fill(r));
      }
    }
    byte[] bytes = PartTemplate.of(stored.get(0) + Field.NAME.marker(), true).toBytes();
    assertThatThrownBy(() -> PartTemplate.fromBytes(java.util.Arrays.copyOf(bytes, bytes.length - 1), true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PartTemplate.fromBytes(new byte[] {'X'}, true)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PartTemplate.fromBytes(new byte[] {'Q', -1, -1, -1, -1}, true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sharedTextIsEncodedOnceAndOnlyTheValuesDiffer() {
    String stored = "Hello " + Field.GREETING.marker() + "\nPapers of the day, " + "word ".repeat(40)
        + "\nUnsubscribe: " + Field.UNSUBSCRIBE_URL.marker() + "\n";
    PartTemplate template = PartTemplate.of(stored, false);
    String a = ascii(template.fill(new Recipient("a@example.org", "Ada", "https://p.example.org/u/a", "", "")));
    String b = ascii(template.fill(new Recipient("b@example.org", "Bob", "https://p.example.org/u/b", "", "")));

    assertThat(a).isNotEqualTo(b);
    assertThat(a.replace("Ada", "Bob").replace("/u/a", "/u/b")).isEqualTo(b);
    // the shared text between the values is the same encoded bytes for both
    assertThat(a).contains("Papers of the day, word word");
  }

  @Test
  void aBodyMostlyNotAsciiIsBase64ForEveryRecipientAndTheSameBytesAsEncodingItWhole() throws Exception {
    String stored = "東京の論文 " + Field.GREETING.marker() + "\n" + "拡散モデルと状態空間モデル。".repeat(30) + "\n"
        + Field.UNSUBSCRIBE_URL.marker() + "\n";
    PartTemplate template = PartTemplate.of(stored, false);
    assertThat(template.transferEncoding()).isEqualTo("base64");
    for (String name : List.of("Ada", "", "José")) {
      Recipient r = new Recipient("a@example.org", name, "https://p.example.org/u?t=1&b=2", "", "");
      EncodedPart part = template.fill(r);
      String text = SplicedText.parse(stored).fill(r, false);
      assertThat(part).isEqualTo(EncodedPart.of(text));
      assertThat(decoded(part, false)).isEqualTo(EncodedPart.lines(text));
    }
  }

  @Test
  void theSharedTextChoosesTheTransferEncodingNotTheRecipient() throws Exception {
    // ASCII text with just enough room that a long non-ASCII name would tip the whole text to base64
    String stored = Field.GREETING.marker() + " " + "é".repeat(20) + "a".repeat(45);
    PartTemplate template = PartTemplate.of(stored, false);
    Recipient r = new Recipient("a@example.org", "東".repeat(60), "", "", "");
    String text = SplicedText.parse(stored).fill(r, false);
    assertThat(EncodedPart.transferEncoding(text)).isEqualTo("base64");

    EncodedPart part = template.fill(r);
    assertThat(part.transferEncoding()).isEqualTo("quoted-printable");
    assertThat(decoded(part, false)).isEqualTo(text);
    assertWireSafe(part);
  }

  private static String template(Random random) {
    StringBuilder b = new StringBuilder();
    int pieces = random.nextInt(6);
    for (int p = 0; p <= pieces; p++) {
      int length = random.nextInt(5) == 0 ? 70 + random.nextInt(10) : random.nextInt(120);
      for (int k = 0; k < length; k++) b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      if (p < pieces) b.append(FIELDS[random.nextInt(FIELDS.length)].marker());
    }
    return b.toString();
  }

  /** The part's text as a mail reader gets it, line breaks as LF. */
  private static String decoded(EncodedPart part, boolean html) throws Exception {
    MimeMessage m = new DigestMessage(Session.getInstance(new Properties()), "<t@example.org>");
    m.setContent(new MimeMultipart("alternative", MessageBuilder.part(part, html ? "html" : "plain")));
    m.saveChanges();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.writeTo(out);
    MimeMessage read = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(out.toByteArray()));
    String text = (String) ((MimeMultipart) read.getContent()).getBodyPart(0).getContent();
    return text.replace("\r\n", "\n");
  }

  /** Printable ASCII in CRLF lines of at most 76 characters, none ending in white space. */
  private static void assertWireSafe(EncodedPart part) {
    String s = ascii(part);
    assertThat(s.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
    List<String> bad = new ArrayList<>();
    for (String line : s.split("\r\n", -1)) {
      if (line.length() > 76 || line.endsWith(" ") || line.endsWith("\t") || !line.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
        bad.add(line);
      }
    }
    assertThat(bad).isEmpty();
  }

  private static String ascii(EncodedPart part) {
    return new String(part.bytes(), StandardCharsets.ISO_8859_1);
  }
}
