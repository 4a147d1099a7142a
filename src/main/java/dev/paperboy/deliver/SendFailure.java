package dev.paperboy.deliver;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message that was not delivered, and whether trying again later may help: SMTP 4xx replies,
 * refused or broken connections and timeouts are temporary; 5xx replies and messages that cannot be
 * sent at all (a malformed address) are permanent.
 */
public final class SendFailure extends Exception {
  private static final long serialVersionUID = 1L;

  /** RFC 3463 enhanced status code: class.subject.detail. */
  private static final Pattern ENHANCED = Pattern.compile("(?<![\\d.])([245])\\.(\\d{1,3})\\.\\d{1,3}(?![\\d.])");

  private final boolean temporary;
  private final int replyCode;
  private final boolean toRecipient;

  private SendFailure(boolean temporary, int replyCode, String reply, Throwable cause, boolean toRecipient) {
    super(reply, cause);
    this.temporary = temporary;
    this.replyCode = replyCode;
    this.toRecipient = toRecipient;
  }

  public static SendFailure temporary(String reply, Throwable cause) {
    return new SendFailure(true, -1, reply, cause, false);
  }

  public static SendFailure permanent(String reply, Throwable cause) {
    return new SendFailure(false, -1, reply, cause, false);
  }

  /** From an SMTP reply: 4xx temporary, 5xx permanent. */
  public static SendFailure reply(int code, String reply, Throwable cause) {
    return new SendFailure(code < 500, code, reply, cause, false);
  }

  /** The reply to RCPT TO: the server's answer about the recipient's address itself. */
  public static SendFailure recipientReply(int code, String reply, Throwable cause) {
    return new SendFailure(code < 500, code, reply, cause, true);
  }

  /**
   * Whether the server refused, for good, because of the address: its mailbox or domain does not exist
   * or cannot take mail (enhanced status 5.1.x or 5.2.x), or, from a server that gives no enhanced code,
   * a 550, 551 or 553 to RCPT TO. Not a refusal of the message or of us (5.7.x: policy, relaying, spam;
   * 5.3.x, 5.5.x, 5.6.x: the system, the protocol, the content): a relay that will not take our mail
   * says so to every recipient, and none of them is at fault.
   */
  public boolean refusesAddress() {
    if (temporary || replyCode < 500) return false;
    return addressClass(getMessage(), toRecipient ? replyCode : -1);
  }

  /**
   * As {@link #refusesAddress}, for a status and diagnostic from a delivery status notification or a
   * reply: true for 5.1.x and 5.2.x, and without an enhanced code for 550, 551 and 553 to RCPT TO
   * ({@code rcptCode}, -1 when the reply was not to RCPT TO).
   */
  static boolean addressClass(String text, int rcptCode) {
    Matcher m = ENHANCED.matcher(text == null ? "" : text);
    if (m.find()) return m.group(1).equals("5") && (m.group(2).equals("1") || m.group(2).equals("2"));
    return rcptCode == 550 || rcptCode == 551 || rcptCode == 553;
  }

  public boolean isTemporary() {
    return temporary;
  }

  /** The SMTP reply code, -1 when the failure was not a reply (connection, timeout, local error). */
  public int replyCode() {
    return replyCode;
  }

  /** The server's reply (e.g. "550 5.1.1 Recipient address rejected") or a description of what went wrong. */
  public String reply() {
    return getMessage();
  }
}
