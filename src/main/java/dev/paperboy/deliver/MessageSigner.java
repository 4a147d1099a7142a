package dev.paperboy.deliver;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** The last step of building a message, where DKIM signing will go. Must keep the message's Message-ID. */
@FunctionalInterface
public interface MessageSigner {
  MessageSigner NONE = message -> message;

  MimeMessage sign(MimeMessage message) throws MessagingException;
}
