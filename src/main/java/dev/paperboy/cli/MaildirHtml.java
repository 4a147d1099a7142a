package dev.paperboy.cli;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The HTML part of a delivered message, so the demo can point a browser at it. */
final class MaildirHtml {
  private MaildirHtml() {}

  static String extract(Path messageFile) throws IOException {
    try (InputStream in = Files.newInputStream(messageFile)) {
      MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), in);
      Object content = m.getContent();
      if (content instanceof Multipart mp) {
        for (int i = 0; i < mp.getCount(); i++) {
          BodyPart part = mp.getBodyPart(i);
          if (part.isMimeType("text/html")) return (String) part.getContent();
        }
      }
      throw new IOException(messageFile + " has no HTML part");
    } catch (MessagingException e) {
      throw new IOException("cannot read " + messageFile + ": " + e.getMessage(), e);
    }
  }
}
