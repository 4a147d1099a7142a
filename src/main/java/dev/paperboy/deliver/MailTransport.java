package dev.paperboy.deliver;

import jakarta.mail.internet.MimeMessage;
import java.util.List;

/**
 * One way out for messages, used by one sender thread at a time (an SMTP connection, a Maildir).
 * {@link #send} returns only once the message is accepted (SMTP 250 after DATA, the file renamed into
 * new/); anything else is a {@link SendFailure}.
 */
public interface MailTransport extends AutoCloseable {
  /**
   * @param envelopeFrom the SMTP MAIL FROM (Return-Path), where bounces go
   * @param recipients   the SMTP RCPT TO addresses; Paperboy sends one message per recipient
   */
  void send(MimeMessage message, String envelopeFrom, List<String> recipients) throws SendFailure;

  /** Releases the connection; never throws. */
  @Override
  void close();
}
