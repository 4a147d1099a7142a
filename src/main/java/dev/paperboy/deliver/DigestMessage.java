package dev.paperboy.deliver;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * A message that keeps the Message-ID it was given: Angus Mail would otherwise replace it with one of
 * its own (on its host name) every time {@code saveChanges()} runs, and a resend must carry the
 * original's id. An {@link SMTPMessage}, so each message can name its own envelope sender (VERP).
 */
public final class DigestMessage extends SMTPMessage {
  private final String messageId;

  public DigestMessage(Session session, String messageId) {
    super(session);
    this.messageId = messageId;
  }

  public String messageId() {
    return messageId;
  }

  @Override
  protected void updateMessageID() throws MessagingException {
    setHeader("Message-ID", messageId);
  }
}
