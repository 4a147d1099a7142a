package dev.paperboy.testing;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/** Reading back what a real mail server received. */
public final class Mails {
  private Mails() {}

  public static String to(MimeMessage m) {
    try {
      return ((InternetAddress) m.getRecipients(MimeMessage.RecipientType.TO)[0]).getAddress();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String part(MimeMessage m, String mimeType) {
    try {
      Multipart mp = (Multipart) m.getContent();
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart p = mp.getBodyPart(i);
        if (p.isMimeType(mimeType)) return (String) p.getContent();
      }
      throw new AssertionError("no " + mimeType + " part");
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The titles of the papers in a digest: the texts of the links whose text is one of {@code titles}. */
  public static Set<String> paperTitles(MimeMessage m, Set<String> titles) {
    Set<String> found = new TreeSet<>();
    for (Element a : Jsoup.parse(part(m, "text/html")).select("a")) {
      if (titles.contains(a.text())) found.add(a.text());
    }
    return found;
  }
}
