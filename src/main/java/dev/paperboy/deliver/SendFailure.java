package dev.paperboy.deliver;

/**
 * A message that was not delivered, and whether trying again later may help: SMTP 4xx replies,
 * refused or broken connections and timeouts are temporary; 5xx replies and messages that cannot be
 * sent at all (a malformed address) are permanent.
 */
public final class SendFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean temporary;
  private final int replyCode;

  private SendFailure(boolean temporary, int replyCode, String reply, Throwable cause) {
    super(reply, cause);
    this.temporary = temporary;
    this.replyCode = replyCode;
  }

  public static SendFailure temporary(String reply, Throwable cause) {
    return new SendFailure(true, -1, reply, cause);
  }

  public static SendFailure permanent(String reply, Throwable cause) {
    return new SendFailure(false, -1, reply, cause);
  }

  /** From an SMTP reply: 4xx temporary, 5xx permanent. */
  public static SendFailure reply(int code, String reply, Throwable cause) {
    return new SendFailure(code < 500, code, reply, cause);
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
