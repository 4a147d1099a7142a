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
 * A message that came back to the bounce address, read as a delivery status notification (RFC 3464,
 * and RFC 6533's UTF-8 form): for each recipient the mail server reported on, its address, action
 * ("failed", "delayed", ...) and status ("5.1.1"). A message that is not one (an auto-reply, spam)
 * has no recipients.
 *
 * @param envelopeTo where the notification itself was delivered (X-Original-To, Delivered-To, To): with
 *                   VERP, the address that names the subscriber
 */
public record DeliveryReport(List<String> envelopeTo, List<Recipient> recipients) {

  /** One per-recipient block of the report. */
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

  public static DeliveryReport read(InputStream in) throws MessagingException, IOException {
    MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), in);
    List<String> to = new ArrayList<>();
    for (String h : List.of("X-Original-To", "Delivered-To", "To")) {
      String[] values = m.getHeader(h);
      if (values != null) for (String v : values) to.add(v.strip());
    }
    List<Recipient> recipients = new ArrayList<>();
    collect(m, recipients, 0);
    return new DeliveryReport(List.copyOf(to), List.copyOf(recipients));
  }

  private static void collect(Part p, List<Recipient> out, int depth) throws MessagingException, IOException {
    if (depth > 3) return;
    if (p.isMimeType("message/delivery-status") || p.isMimeType("message/global-delivery-status")) {
      read(p.getInputStream(), out);
    } else if (p.isMimeType("multipart/*")) {
      Multipart mp = (Multipart) p.getContent();
      for (int i = 0; i < Math.min(mp.getCount(), MAX_PARTS); i++) {
        BodyPart part = mp.getBodyPart(i);
        collect(part, out, depth + 1);
      }
    }
  }

  /** The per-message block, then one block per recipient, each a header block ended by a blank line. */
  private static void read(InputStream status, List<Recipient> out) throws MessagingException {
    new InternetHeaders(status); // per-message fields: the reporting MTA, arrival date
    for (int i = 0; i < 1000; i++) {
      InternetHeaders block = new InternetHeaders(status);
      if (!block.getAllHeaders().hasMoreElements()) return;
      String address = address(block.getHeader("Final-Recipient", null));
      if (address.isEmpty()) address = address(block.getHeader("Original-Recipient", null));
      out.add(new Recipient(address, field(block, "Action").toLowerCase(Locale.ROOT), field(block, "Status"),
          field(block, "Diagnostic-Code")));
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
