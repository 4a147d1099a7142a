package dev.paperboy.bench;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GreenMail's SMTP server in this JVM, on 127.0.0.1. Every recipient is delivered into one mailbox
 * (GreenMail would otherwise create a user per address), and a background thread empties it every
 * {@value #PURGE_MILLIS} ms so that a 100,000-message run does not keep them all in the heap:
 * GreenMail still receives, parses and stores each message, as in the tests.
 */
public final class GreenMailSink implements Sink {
  static final long PURGE_MILLIS = 250;

  private final GreenMail greenMail;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong receivedBytes = new AtomicLong();
  private final MailFolder inbox;
  private final Thread purger;
  private volatile boolean closed;

  private GreenMailSink() {
    greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
        .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    greenMail.start();
    GreenMailUser sink = greenMail.setUser("sink@bench.localhost", "sink", "sink");
    try {
      inbox = greenMail.getManagers().getImapHostManager().getInbox(sink);
    } catch (FolderException e) {
      throw new IllegalStateException(e);
    }
    greenMail.getManagers().getUserManager().setMessageDeliveryHandler((message, address) -> {
      received.incrementAndGet();
      receivedBytes.addAndGet(size(message.getMessage()));
      return sink;
    });
    purger = new Thread(this::purge, "greenmail-sink-purge");
    purger.setDaemon(true);
    purger.start();
  }

  public static GreenMailSink start() {
    return new GreenMailSink();
  }

  private void purge() {
    while (!closed) {
      try {
        Thread.sleep(PURGE_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      inbox.deleteAllMessages();
    }
  }

  @Override
  public String host() {
    return "127.0.0.1";
  }

  @Override
  public int port() {
    return greenMail.getSmtp().getPort();
  }

  @Override
  public long received() {
    return received.get();
  }

  @Override
  public long receivedBytes() {
    return receivedBytes.get();
  }

  /** Header lines and body as parsed, each line with its CRLF: the DATA it was sent as, give or take folding. */
  private static long size(MimeMessage message) throws MessagingException {
    long n = Math.max(0, message.getSize()) + 2;
    for (var lines = message.getAllHeaderLines(); lines.hasMoreElements(); ) n += lines.nextElement().length() + 2;
    return n;
  }

  @Override
  public String name() {
    return "greenmail";
  }

  @Override
  public void close() {
    closed = true;
    purger.interrupt();
    greenMail.stop();
  }
}
