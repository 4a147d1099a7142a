package dev.paperboy.deliver;

import dev.paperboy.config.PaperboyConfig;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMTP through Angus Mail: one {@link Session} for the process, one connection per sender thread,
 * reused for every message and reopened after any failure.
 *
 * <p>Security {@code none}, {@code starttls} (required, not opportunistic) or {@code smtps}; AUTH when
 * smtp.username is set (the password comes from smtp.password, best set as PAPERBOY_SMTP_PASSWORD).
 * A connection idle for longer than {@link #IDLE_CHECK} is checked with NOOP before use, since servers
 * close idle connections. Each message has one recipient, so there are no partial deliveries.
 */
public final class SmtpTransports implements MailTransports {
  /** After this long unused a connection is checked with NOOP before a message is sent on it. */
  static final Duration IDLE_CHECK = Duration.ofSeconds(20);
  private static final Logger LOG = LoggerFactory.getLogger(SmtpTransports.class);

  private final Session session;
  private final String protocol;
  private final String host;
  private final int port;
  private final String username;
  private final String password;

  /**
   * @param heloName the name given in EHLO (mail.domain), so Angus need not look up the local host name
   */
  public SmtpTransports(PaperboyConfig.Smtp smtp, String heloName) {
    this(smtp, heloName, (SSLSocketFactory) SSLSocketFactory.getDefault(), true);
  }

  /**
   * @param tls                 the TLS socket factory (tests pass one that trusts a test server)
   * @param checkServerIdentity whether the server's certificate must name smtp.host
   */
  SmtpTransports(PaperboyConfig.Smtp smtp, String heloName, SSLSocketFactory tls, boolean checkServerIdentity) {
    this.protocol = smtp.security().equals("smtps") ? "smtps" : "smtp";
    this.host = smtp.host();
    this.port = smtp.port();
    this.username = smtp.username().isBlank() ? null : smtp.username();
    this.password = smtp.password();
    String p = "mail." + protocol + ".";
    Properties props = new Properties();
    props.setProperty(p + "host", host);
    props.setProperty(p + "port", Integer.toString(port));
    props.setProperty(p + "connectiontimeout", Long.toString(smtp.connectTimeout().toMillis()));
    props.setProperty(p + "timeout", Long.toString(smtp.timeout().toMillis()));
    props.setProperty(p + "localhost", heloName);
    props.setProperty(p + "quitwait", "false");
    props.setProperty(p + "sendpartial", "false");
    props.setProperty(p + "auth", Boolean.toString(username != null));
    if (smtp.security().equals("starttls")) {
      props.setProperty(p + "starttls.enable", "true");
      props.setProperty(p + "starttls.required", "true");
    }
    props.setProperty(p + "ssl.checkserveridentity", Boolean.toString(checkServerIdentity));
    if (protocol.equals("smtps")) {
      props.put(p + "ssl.socketFactory", new NoDelaySockets.Tls(tls));
    } else {
      props.put(p + "socketFactory", new NoDelaySockets.Plain());
      props.put(p + "ssl.socketFactory", tls); // STARTTLS: layered over the plain (no-delay) socket
    }
    this.session = Session.getInstance(props);
  }

  @Override
  public MailTransport open() {
    return new Connection();
  }

  /** The connection of one sender thread; not thread-safe. */
  final class Connection implements MailTransport {
    private Transport transport;
    private long lastUsed;

    @Override
    public void send(MimeMessage message, String envelopeFrom, List<String> recipients) throws SendFailure {
      Address[] to = new Address[recipients.size()];
      try {
        for (int i = 0; i < to.length; i++) to[i] = new InternetAddress(recipients.get(i), true);
      } catch (AddressException e) {
        throw SendFailure.permanent("invalid recipient: " + e.getMessage(), e);
      }
      if (message instanceof SMTPMessage m) m.setEnvelopeFrom(envelopeFrom);
      boolean reused = ensureConnected();
      try {
        transport.sendMessage(message, to);
        lastUsed = System.nanoTime();
      } catch (MessagingException e) {
        close();
        // A server that closed a reused connection (421, or EOF) is noticed at MAIL FROM, before any of
        // the message was sent: a fresh connection may try at once without risking a duplicate.
        if (reused && refusedAtMailFrom(e)) {
          ensureConnected();
          try {
            transport.sendMessage(message, to);
            lastUsed = System.nanoTime();
            return;
          } catch (MessagingException again) {
            close();
            throw classify(again);
          }
        }
        throw classify(e);
      }
    }

    private static boolean refusedAtMailFrom(MessagingException e) {
      if (e instanceof SMTPSenderFailedException s) return s.getReturnCode() < 500;
      return e instanceof SMTPSendFailedException s && s.getReturnCode() < 500 && s.getCommand() != null
          && s.getCommand().regionMatches(true, 0, "MAIL FROM", 0, 9);
    }

    /** @return whether an already open connection is used */
    private boolean ensureConnected() throws SendFailure {
      if (transport != null) {
        if (System.nanoTime() - lastUsed < IDLE_CHECK.toNanos() || transport.isConnected()) return true;
        close();
      }
      try {
        Transport t = session.getTransport(protocol);
        t.connect(host, port, username, username == null ? null : password);
        transport = t;
        lastUsed = System.nanoTime();
        return false;
      } catch (MessagingException e) {
        throw classify(e);
      }
    }

    @Override
    public void close() {
      if (transport == null) return;
      try {
        transport.close();
      } catch (MessagingException | RuntimeException e) {
        LOG.debug("closing SMTP connection: {}", e.toString());
      }
      transport = null;
    }
  }

  /**
   * What a failure from Angus means. The reply code is looked for anywhere in the chain (a refused RCPT
   * comes as a SendFailedException wrapping an SMTPAddressFailedException); without one, connection
   * trouble and timeouts are temporary, and so is anything unrecognised (retries are bounded by
   * delivery.max_attempts); only a malformed address is permanent without a reply.
   */
  static SendFailure classify(MessagingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      int code = -1;
      if (t instanceof SMTPAddressFailedException a) {
        code = a.getReturnCode();
        if (code >= 400 && code < 600) return SendFailure.recipientReply(code, text(t), e);
      } else if (t instanceof SMTPSenderFailedException s) code = s.getReturnCode();
      else if (t instanceof SMTPSendFailedException s) code = s.getReturnCode();
      if (code >= 400 && code < 600) return SendFailure.reply(code, text(t), e);
      if (t.getCause() == t) break;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AddressException) return SendFailure.permanent("invalid address: " + t.getMessage(), e);
      if (t instanceof IOException) return SendFailure.temporary(text(e) + ": " + t, e);
      if (t.getCause() == t) break;
    }
    return SendFailure.temporary(text(e), e);
  }

  /** The exception's message (for a reply: the server's words), else its kind. */
  private static String text(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip();
  }
}
