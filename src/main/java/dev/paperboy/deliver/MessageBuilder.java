package dev.paperboy.deliver;

import dev.paperboy.config.PaperboyConfig;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.HeaderTokenizer;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Builds the MIME message of one outbox row: multipart/alternative (text/plain, then text/html), UTF-8,
 * the list headers mailbox providers expect from bulk mail, Date stamped at send time and the row's own
 * Message-ID. Every header value made from data has CR/LF removed and is folded at 78 characters, so
 * no value can add a header line. Thread-safe: one builder serves every sender thread.
 */
public final class MessageBuilder {
  private static final String UTF8 = "UTF-8";
  /** CR, LF and every other control character but tab, and the Unicode line and paragraph separators. */
  private static final Pattern LINE_BREAKS = Pattern.compile("[\\u0000-\\u0008\\n-\\u001f\\u007f\\u0085\\u2028\\u2029]+");
  /** Characters that may not appear in a URI inside List-Unsubscribe's angle brackets. */
  private static final Pattern NOT_IN_URI = Pattern.compile("[\\s<>\"\\u0000-\\u001f\\u007f]+");

  static {
    // Jakarta Mail 2.1 looks its StreamProvider up with a ServiceLoader (a scan of every jar) each time
    // a BodyPart or Multipart is made: 80 of the 100 microseconds building a digest took. Named here, it
    // is found directly. A -D on the command line still wins.
    if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
      System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
    }
  }

  private final Session session;
  private final MessageSigner signer;
  private final InternetAddress from;
  private final InternetAddress[] replyTo;
  private final String unsubscribeMailto;
  private final Bounces bounces;
  /** List-Id, Feedback-ID, Auto-Submitted, Precedence: the same in every message, folded once. */
  private final List<Map.Entry<String, String>> fixedHeaders;
  /** Subject header values by subject: a body's recipients share one, and encoding it took a fifth of a build. */
  private final Map<String, String> subjects = RecentlyUsed.synchronizedMap(256);
  /** The Date header of the last second a message was built in (MimeMessage.setSentDate locks one formatter). */
  private volatile DateHeader lastDate = new DateHeader(Long.MIN_VALUE, "");

  private record DateHeader(long epochSecond, String value) {}

  /** Without VERP: every message's envelope sender is mail.bounce_address (see {@link Bounces#fixed}). */
  public MessageBuilder(PaperboyConfig.Mail mail, MessageSigner signer) {
    this(mail, signer, Bounces.fixed(mail));
  }

  /**
   * @param signer  the last step, e.g. {@link DkimMessageSigner}; {@link MessageSigner#NONE} to send unsigned
   * @param bounces the envelope sender of each row (VERP or not)
   */
  public MessageBuilder(PaperboyConfig.Mail mail, MessageSigner signer, Bounces bounces) {
    this.session = Session.getInstance(new Properties());
    this.signer = signer;
    try {
      this.from = new InternetAddress(clean(mail.fromAddress()), clean(mail.fromName()), UTF8);
      from.validate();
      this.replyTo = mail.replyTo().isBlank() ? null : InternetAddress.parse(clean(mail.replyTo()), true);
    } catch (UnsupportedEncodingException | AddressException e) {
      throw new IllegalArgumentException("mail.from_address / mail.reply_to: " + e.getMessage(), e);
    }
    String domain = clean(mail.domain());
    List<Map.Entry<String, String>> fixed = new ArrayList<>();
    fixed.add(folded("List-Id", phrase(clean(mail.listName())) + " <digest." + domain + ">"));
    String feedbackId = clean(mail.feedbackId());
    if (!feedbackId.isEmpty()) fixed.add(folded("Feedback-ID", feedbackId));
    fixed.add(folded("Auto-Submitted", "auto-generated"));
    fixed.add(folded("Precedence", "bulk"));
    this.fixedHeaders = List.copyOf(fixed);
    this.unsubscribeMailto = mail.unsubscribeMailto().isBlank() ? "unsubscribe@" + domain : clean(mail.unsubscribeMailto());
    this.bounces = bounces;
  }

  /**
   * @param content  the row's body personalised for its recipient
   * @param sendTime the Date header: the moment of sending, not of composing
   * @throws MessagingException when the row cannot become a message (for example an invalid address):
   *                            sending it again would not help
   */
  public MimeMessage build(OutboxRow row, Personalised content, Instant sendTime) throws MessagingException {
    return build(row, MessageContent.of(content), sendTime);
  }

  /** As {@link #build(OutboxRow, Personalised, Instant)}, from parts already encoded. */
  public MimeMessage build(OutboxRow row, MessageContent content, Instant sendTime) throws MessagingException {
    DigestMessage m = new DigestMessage(session, row.messageId());
    m.setFrom(from);
    if (replyTo != null) m.setReplyTo(replyTo);
    InternetAddress to = recipient(row);
    m.setHeader("To", addressHeader("To", to));
    m.setHeader("Subject", subjects.computeIfAbsent(content.subject(), s -> textHeader("Subject", clean(s))));
    m.setHeader("Date", dateHeader(sendTime));
    List<String> unsubscribe = new ArrayList<>(2);
    String url = NOT_IN_URI.matcher(row.unsubscribeUrl()).replaceAll("");
    if (!url.isEmpty()) unsubscribe.add("<" + url + ">");
    unsubscribe.add("<mailto:" + unsubscribeMailto + "?" + UnsubscribeRequests.mailtoQuery(row.publicId()) + ">");
    m.setHeader("List-Unsubscribe", foldedList("List-Unsubscribe", unsubscribe));
    if (url.toLowerCase(Locale.ROOT).startsWith("https://")) {
      // RFC 8058 one-click needs an HTTPS URI
      header(m, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    }
    for (Map.Entry<String, String> h : fixedHeaders) m.setHeader(h.getKey(), h.getValue());

    m.setContent(new MimeMultipart("alternative", part(content.text(), "plain"), part(content.html(), "html")));
    m.saveChanges();
    return signer.sign(m);
  }

  /**
   * The envelope sender (Return-Path) for the row: mail.bounce_address, by default bounce@mail.domain,
   * or with VERP {@code bounce+TOKEN@mail.domain} naming the row's subscriber.
   */
  public String envelopeFrom(OutboxRow row) {
    return bounces.envelopeFrom(row);
  }

  /** A text part of the text, encoded as {@link EncodedPart#of} does. */
  static MimeBodyPart part(String text, String subtype) throws MessagingException {
    return part(EncodedPart.of(text), subtype);
  }

  /**
   * A text part holding encoded bytes: the same headers and bytes as {@code setText(text, "UTF-8",
   * subtype)} with that transfer encoding, but Angus copies the bytes when the message is written
   * instead of encoding the text a byte at a time through three filter streams (at every write: a
   * DKIM-signed message is written twice). {@link BodyEncoding} has the rules; MessageBuilderTest
   * checks that both give the same bytes.
   */
  static MimeBodyPart part(EncodedPart encoded, String subtype) throws MessagingException {
    InternetHeaders headers = new InternetHeaders();
    headers.setHeader("Content-Type", "text/" + subtype + "; charset=" + UTF8);
    headers.setHeader("Content-Transfer-Encoding", encoded.transferEncoding());
    return new MimeBodyPart(headers, encoded.bytes());
  }

  private static InternetAddress recipient(OutboxRow row) throws AddressException {
    try {
      InternetAddress to = new InternetAddress(row.email().strip(), clean(row.recipientName()), UTF8);
      to.validate();
      return to;
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void header(MimeMessage m, String name, String value) throws MessagingException {
    m.setHeader(name, folded(name, value).getValue());
  }

  private static Map.Entry<String, String> folded(String name, String value) {
    return Map.entry(name, MimeUtility.fold(name.length() + 2, clean(value)));
  }

  /** What {@link MimeMessage#setSentDate} would set, formatted once per second. */
  private String dateHeader(Instant sendTime) {
    long second = sendTime.getEpochSecond();
    DateHeader last = lastDate;
    if (last.epochSecond() == second) return last.value();
    DateHeader now = new DateHeader(second, new MailDateFormat().format(Date.from(Instant.ofEpochSecond(second))));
    lastDate = now;
    return now.value();
  }

  /**
   * URIs one per line: a URI is never broken, so a long one gets a line of its own, and the first one
   * starts on the next line when it would not fit after the field name.
   */
  private static String foldedList(String name, List<String> uris) {
    String value = String.join(",\r\n ", uris);
    return name.length() + 2 + uris.get(0).length() + 1 > 78 ? "\r\n " + value : value;
  }

  /** RFC 5322 "specials" and what else Q-encoding in a phrase must escape (Angus's word mode). */
  private static final String WORD_SPECIALS = "=_?\"#$%&'(),.:;<>@[\\]^`{|}~";
  private static final int LINE = 78;
  /** Display names longer than this are shortened (as render.Recipient does for the greeting). */
  private static final int MAX_NAME = 70;

  /**
   * An unstructured value (Subject) ready for the header: folded at white space when ASCII, else
   * RFC 2047 encoded-words cut so that no line passes 78 characters with the field name. (Angus makes
   * words of up to 75 characters without counting "Subject: ", so a 74-character word made an 83-character line.)
   */
  static String textHeader(String name, String value) {
    if (StandardCharsets.US_ASCII.newEncoder().canEncode(value)) return MimeUtility.fold(name.length() + 2, value);
    return encodedWords(value, name.length() + 2);
  }

  /** An address with its display name (RFC 2047 when not ASCII), folded within 78 characters. */
  static String addressHeader(String name, InternetAddress a) {
    String personal = a.getPersonal() == null ? "" : clean(a.getPersonal());
    if (personal.codePointCount(0, personal.length()) > MAX_NAME) {
      personal = personal.substring(0, personal.offsetByCodePoints(0, MAX_NAME - 1)).strip() + "\u2026";
    }
    String angle = "<" + a.getAddress() + ">";
    if (personal.isEmpty()) return angle;
    // "=?" would let a mail reader decode an encoded-word inside the quotes into other text: encode it all
    if (StandardCharsets.US_ASCII.newEncoder().canEncode(personal) && !personal.contains("=?")) {
      String folded = MimeUtility.fold(name.length() + 2, MimeUtility.quote(personal, HeaderTokenizer.RFC822) + " " + angle);
      // a long name without spaces cannot be folded: as encoded-words it can be cut anywhere
      if (Arrays.stream((name + ": " + folded).split("\r\n")).allMatch(l -> l.length() <= LINE)) return folded;
    }
    String words = encodedWords(personal, name.length() + 2);
    int last = words.length() - words.lastIndexOf('\n') - 1;
    if (words.indexOf('\n') < 0) last += name.length() + 2;
    return words + (last + 1 + angle.length() <= LINE ? " " : "\r\n ") + angle;
  }

  /**
   * The text as encoded-words (UTF-8, Q or B as the text suits), one after another on folded lines,
   * none passing 78 characters; {@code used} characters are on the first line already. Words are cut
   * between code points only; decoders join adjacent encoded-words without the white space between.
   */
  static String encodedWords(String text, int used) {
    long nonAscii = text.chars().filter(c -> c >= 0x80).count();
    boolean b64 = nonAscii * 3 > text.length();
    String prefix = b64 ? "=?UTF-8?B?" : "=?UTF-8?Q?";
    StringBuilder out = new StringBuilder();
    int room = LINE - used;
    int i = 0;
    while (i < text.length()) {
      int end = i;
      int length = prefix.length() + 2;
      int bytes = 0;
      while (end < text.length()) {
        int cp = text.codePointAt(end);
        byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        int next = b64 ? prefix.length() + 2 + 4 * ((bytes + utf8.length + 2) / 3) : length + qLength(utf8);
        if (next > room && end > i) break;
        length = next;
        bytes += utf8.length;
        end += Character.charCount(cp);
      }
      byte[] chunk = text.substring(i, end).getBytes(StandardCharsets.UTF_8);
      if (out.length() > 0) out.append("\r\n ");
      out.append(prefix).append(b64 ? java.util.Base64.getEncoder().encodeToString(chunk) : q(chunk)).append("?=");
      room = LINE - 1;
      i = end;
    }
    return out.toString();
  }

  private static int qLength(byte[] utf8) {
    int n = 0;
    for (byte b : utf8) n += b == ' ' || (b > 0x20 && b < 0x7f && WORD_SPECIALS.indexOf(b) < 0) ? 1 : 3;
    return n;
  }

  /** RFC 2047 Q encoding as a phrase allows it: letters, digits and !*+-/ as they are, space as '_'. */
  private static String q(byte[] utf8) {
    StringBuilder sb = new StringBuilder();
    for (byte b : utf8) {
      if (b == ' ') sb.append('_');
      else if (b > 0x20 && b < 0x7f && WORD_SPECIALS.indexOf(b) < 0) sb.append((char) b);
      else sb.append('=').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16))).append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
    }
    return sb.toString();
  }

  /** The value with every run of CR, LF and NUL replaced by one space: data can never start a header line. */
  static String clean(String value) {
    return LINE_BREAKS.matcher(value).replaceAll(" ").strip();
  }

  /** An RFC 5322 phrase: as it is when plain ASCII words, quoted when it has specials, else an encoded-word. */
  private static String phrase(String s) {
    if (s.isEmpty()) return "";
    try {
      if (!StandardCharsets.US_ASCII.newEncoder().canEncode(s)) return MimeUtility.encodeWord(s, UTF8, "Q");
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
    return MimeUtility.quote(s, HeaderTokenizer.RFC822);
  }
}
