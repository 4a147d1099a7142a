package dev.paperboy.deliver;

import dev.paperboy.config.ConfigException;
import dev.paperboy.config.Location;
import dev.paperboy.config.PaperboyConfig;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.util.List;
import java.util.Locale;
import org.simplejavamail.utils.mail.dkim.Canonicalization;
import org.simplejavamail.utils.mail.dkim.DkimException;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;
import org.simplejavamail.utils.mail.dkim.SigningAlgorithm;

/**
 * DKIM-signs each message in-process (RFC 6376): rsa-sha256, relaxed/relaxed, no l= tag, with
 * utils-mail-dkim. The signature is computed when the message is written out (to the SMTP
 * connection, the Maildir file or a preview), so it covers exactly the bytes that leave, Date
 * included. The message keeps its own Message-ID.
 */
public final class DkimMessageSigner implements MessageSigner {
  /**
   * Header fields signed when present, beyond utils-mail-dkim's defaults (From, To, Subject, Date,
   * Message-ID, Reply-To, MIME-Version, Content-Type, List-Id, List-Unsubscribe, ...): what RFC 8058
   * and the mailbox providers want covered, so nobody can change them without breaking the signature.
   */
  static final List<String> EXTRA_SIGNED = List.of("List-Unsubscribe-Post", "Feedback-ID", "Auto-Submitted", "Precedence");

  private final String domain;
  private final String selector;
  private final RSAPrivateKey key;

  /**
   * @param domain   the d= tag: the From domain, or a parent of it, for DMARC alignment
   * @param selector the s= tag: the key is published at {@code selector._domainkey.domain}
   */
  public DkimMessageSigner(String domain, String selector, RSAPrivateKey key) {
    this.domain = domain.strip().toLowerCase(Locale.ROOT);
    this.selector = selector.strip();
    this.key = key;
    signer(); // invalid domain or selector: fail now, not at the first message
  }

  /**
   * The signer the configuration asks for: {@link MessageSigner#NONE} without dkim.private_key;
   * otherwise d= is dkim.domain, by default the domain of mail.from_address.
   *
   * @throws ConfigException when the key file cannot be read or is not an RSA private key
   */
  public static MessageSigner fromConfig(PaperboyConfig config) {
    PaperboyConfig.Dkim dkim = config.dkim();
    if (dkim.privateKey().isBlank()) return NONE;
    Path file = config.resolve(dkim.privateKey());
    RSAPrivateKey key;
    try {
      key = DkimKeys.readPrivateKey(file);
    } catch (IOException e) {
      throw new ConfigException(Location.of(file.toString()), "dkim.private_key: " + e.getMessage());
    }
    String domain = dkim.domain().isBlank() ? domainOf(config.mail().fromAddress()) : dkim.domain();
    try {
      return new DkimMessageSigner(domain, dkim.selector(), key);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(Location.of("dkim"), "dkim: " + e.getMessage());
    }
  }

  public String domain() {
    return domain;
  }

  public String selector() {
    return selector;
  }

  @Override
  public MimeMessage sign(MimeMessage message) throws MessagingException {
    return new SignedMessage(message, signer());
  }

  /** A fresh signer per message: DkimSigner keeps its digest and signature objects in fields, so it is not thread-safe. */
  private DkimSigner signer() {
    try {
      DkimSigner s = new DkimSigner(domain, selector, key);
      s.setSigningAlgorithm(SigningAlgorithm.SHA256_WITH_RSA);
      s.setHeaderCanonicalization(Canonicalization.RELAXED);
      s.setBodyCanonicalization(Canonicalization.RELAXED);
      s.setLengthParam(false);
      s.setZParam(false);
      s.setCheckDomainKey(false); // no DNS: the key may not be published yet, and sending must not wait on DNS
      EXTRA_SIGNED.forEach(s::addHeaderToSign);
      return s;
    } catch (DkimException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static String domainOf(String address) {
    try {
      String a = new InternetAddress(address).getAddress();
      return a.substring(a.lastIndexOf('@') + 1);
    } catch (MessagingException e) {
      throw new IllegalArgumentException("mail.from_address: " + e.getMessage(), e);
    }
  }

  /**
   * utils-mail-dkim's message, signing on every write, that keeps the Message-ID it was copied with:
   * Angus would give it a new one (on its host name) whenever {@code saveChanges()} runs.
   */
  static final class SignedMessage extends DkimMessage {
    SignedMessage(MimeMessage message, DkimSigner signer) throws MessagingException {
      super(message, signer);
    }

    @Override
    protected void updateMessageID() {
      // the copy already carries the original's Message-ID header; runs from the super constructor too
    }
  }
}
