package dev.paperboy.deliver;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers into a Maildir (readable by mutt, {@code mutt -f DIR}): each message is written under tmp/,
 * forced to disk, then renamed into new/ under a name unique per the Maildir specification
 * ({@code SECONDS.MmicrosPpidQcounter.HOST}), so a reader never sees half a message. Lines end in LF
 * as local mailboxes do, with a Return-Path line on top for the envelope sender. Thread-safe: every
 * sender thread may share the one instance.
 */
public final class MaildirTransport implements MailTransport, MailTransports {
  private static final AtomicLong DELIVERIES = new AtomicLong();

  private final Path tmp;
  private final Path fresh;
  private final String host;
  private final long pid = ProcessHandle.current().pid();

  public MaildirTransport(Path root) {
    this.tmp = root.resolve("tmp");
    this.fresh = root.resolve("new");
    try {
      Files.createDirectories(tmp);
      Files.createDirectories(fresh);
      Files.createDirectories(root.resolve("cur"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Maildir " + root, e);
    }
    this.host = LocalHost.name().replace("/", "\\057").replace(":", "\\072");
  }

  /** The directory messages are delivered to ({@code DIR/new}). */
  public Path newDir() {
    return fresh;
  }

  @Override
  public MailTransport open() {
    return this;
  }

  @Override
  public void send(MimeMessage message, String envelopeFrom, List<String> recipients) throws SendFailure {
    byte[] bytes;
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
      out.writeBytes(("Return-Path: <" + MessageBuilder.clean(envelopeFrom) + ">\n").getBytes(StandardCharsets.US_ASCII));
      ByteArrayOutputStream crlf = new ByteArrayOutputStream(16 * 1024);
      message.writeTo(crlf);
      toLf(crlf.toByteArray(), out);
      bytes = out.toByteArray();
    } catch (IOException | MessagingException e) {
      throw SendFailure.permanent("cannot write the message: " + e, e);
    }
    Instant now = Instant.now();
    String name = now.getEpochSecond() + ".M" + now.getNano() / 1000 + "P" + pid + "Q" + DELIVERIES.incrementAndGet()
        + "." + host;
    Path inTmp = tmp.resolve(name);
    try {
      try (FileChannel ch = FileChannel.open(inTmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) ch.write(buf);
        ch.force(true);
      }
      Files.move(inTmp, fresh.resolve(name), StandardCopyOption.ATOMIC_MOVE);
      syncDirectory(fresh);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(inTmp);
      } catch (IOException ignored) {
        // tmp/ is cleaned by mail readers after 36 hours anyway
      }
      throw SendFailure.temporary("maildir " + fresh.getParent() + ": " + e, e);
    }
  }

  @Override
  public void close() {}

  /** CRLF becomes LF; Paperboy's messages contain no other CR. */
  private static void toLf(byte[] in, ByteArrayOutputStream out) {
    int start = 0;
    for (int i = 0; i < in.length - 1; i++) {
      if (in[i] == '\r' && in[i + 1] == '\n') {
        out.write(in, start, i - start);
        start = i + 1;
      }
    }
    out.write(in, start, in.length - start);
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException ignored) {
      // not every platform can open a directory; the rename itself is atomic
    }
  }
}
