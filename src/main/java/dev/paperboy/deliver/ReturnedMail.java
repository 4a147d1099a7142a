package dev.paperboy.deliver;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * A message that came back to us, read as what it reports: a delivery status notification (RFC 3464,
 * and RFC 6533's UTF-8 form) gives, for each recipient the mail server reported on, its address, action
 * ("failed", "delayed", ...) and status ("5.1.1"); a feedback loop's report (ARF, RFC 5965) gives its
 * Feedback-Type ("abuse": marked as spam). Both usually return the original message or its headers,
 * whose Message-ID names the outbox row. A message that is neither (an auto-reply, spam, a reader's
 * unsubscribe request: see {@link UnsubscribeRequests}) has no recipients and no feedback type.
 *
 * @param envelopeTo        where the message itself was delivered (X-Original-To, Delivered-To, To): with
 *                          VERP, the address that names the subscriber
 * @param subject           the message's own subject, decoded: an unsubscribe request's names the message
 * @param feedbackType      the feedback report's type, lower case; empty when it is none
 * @param originalMessageId the Message-ID of the message returned with the report; empty when none came
 */
public record ReturnedMail(List<String> envelopeTo, String subject, List<Recipient> recipients, String feedbackType,
    String originalMessageId) {

  /** One per-recipient block of a delivery status notification. */
  public record Recipient(String address, String action, String status, String diagnostic) {
    /** Failed for good because of the address (5.1.x, 5.2.x): see {@link SendFailure#refusesAddress}. */
    public boolean refusesAddress() {
      return action.equalsIgnoreCase("failed") && SendFailure.addressClass(status, -1);
    }

    /** "5.1.1 (smtp; 550 5.1.1 no such user)": what is stored and shown. */
    public String summary() {
      return diagnostic.isEmpty() ? status : status + " (" + diagnostic + ")";
    }
  }

  private static final int MAX_PARTS = 50;

  /** A report of our message as spam (or fraud): see {@link Complaints#isComplaint}. */
  public boolean isComplaint() {
    return Complaints.isComplaint(feedbackType);
  }

  public static ReturnedMail read(InputStream in) throws MessagingException, IOException {
    MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), in);
    List<String> to = new ArrayList<>();
    for (String h : List.of("X-Original-To", "Delivered-To", "To")) {
      String[] values = m.getHeader(h);
      if (values != null) for (String v : values) to.add(v.strip());
    }
    Reading r = new Reading();
    r.collect(m, 0);
    String subject = m.getSubject();
    return new ReturnedMail(List.copyOf(to), subject == null ? "" : subject, List.copyOf(r.recipients), r.feedbackType,
        r.messageId);
  }

  /** What the parts of one message say, gathered as they are walked. */
  private static final class Reading {
    final List<Recipient> recipients = new ArrayList<>();
    String feedbackType = "";
    String messageId = "";

    void collect(Part p, int depth) throws MessagingException, IOException {
      if (depth > 3) return;
      if (p.isMimeType("message/delivery-status") || p.isMimeType("message/global-delivery-status")) {
        readStatus(p.getInputStream());
      } else if (p.isMimeType("message/feedback-report")) {
        InternetHeaders report = new InternetHeaders(p.getInputStream());
        feedbackType = field(report, "Feedback-Type").toLowerCase(Locale.ROOT);
      } else if (p.isMimeType("message/rfc822") || p.isMimeType("text/rfc822-headers")
          || p.isMimeType("message/global") || p.isMimeType("message/global-headers")) {
        // the returned message (or its headers): only its header block is read
        if (messageId.isEmpty()) messageId = field(new InternetHeaders(p.getInputStream()), "Message-ID");
      } else if (p.isMimeType("multipart/*")) {
        Multipart mp = (Multipart) p.getContent();
        for (int i = 0; i < Math.min(mp.getCount(), MAX_PARTS); i++) {
          BodyPart part = mp.getBodyPart(i);
          collect(part, depth + 1);
        }
      }
    }

    /** The per-message block, then one block per recipient, each a header block ended by a blank line. */
    private void readStatus(InputStream status) throws MessagingException {
      new InternetHeaders(status); // per-message fields: the reporting MTA, arrival date
      for (int i = 0; i < 1000; i++) {
        InternetHeaders block = new InternetHeaders(status);
        if (!block.getAllHeaders().hasMoreElements()) return;
        String address = address(block.getHeader("Final-Recipient", null));
        if (address.isEmpty()) address = address(block.getHeader("Original-Recipient", null));
        recipients.add(new Recipient(address, field(block, "Action").toLowerCase(Locale.ROOT),
            field(block, "Status"), field(block, "Diagnostic-Code")));
      }
    }
  }

  /** "rfc822; ada@example.org" → "ada@example.org". */
  private static String address(String typed) {
    if (typed == null) return "";
    int semi = typed.indexOf(';');
    return (semi < 0 ? typed : typed.substring(semi + 1)).strip();
  }

  private static String field(InternetHeaders block, String name) {
    String v = block.getHeader(name, null);
    return v == null ? "" : v.replaceAll("\\s+", " ").strip();
  }
}
