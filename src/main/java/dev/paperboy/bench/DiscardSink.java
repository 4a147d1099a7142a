package dev.paperboy.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process SMTP server on 127.0.0.1 that accepts every message and keeps none: the sender's own
 * ceiling, with no server-side work to speak of. One thread per connection; no pipelining, no TLS.
 */
public final class DiscardSink implements Sink {
  private static final byte[] GREETING = ascii("220 discard.localhost ESMTP ready\r\n");
  private static final byte[] EHLO = ascii("250-discard.localhost\r\n250-8BITMIME\r\n250 SIZE 52428800\r\n");
  private static final byte[] OK = ascii("250 2.0.0 OK\r\n");
  private static final byte[] GO_AHEAD = ascii("354 End data with <CR><LF>.<CR><LF>\r\n");
  private static final byte[] QUEUED = ascii("250 2.0.0 OK: discarded\r\n");
  private static final byte[] BYE = ascii("221 2.0.0 Bye\r\n");
  private static final byte[] UNKNOWN = ascii("502 5.5.2 Command not recognized\r\n");

  private final ServerSocket server;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong receivedBytes = new AtomicLong();
  private final Thread acceptor;
  private volatile boolean closed;

  private DiscardSink(ServerSocket server) {
    this.server = server;
    this.acceptor = new Thread(this::accept, "discard-sink");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static DiscardSink start() {
    try {
      return new DiscardSink(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on 127.0.0.1: " + e.getMessage(), e);
    }
  }

  @Override
  public String host() {
    return server.getInetAddress().getHostAddress();
  }

  @Override
  public int port() {
    return server.getLocalPort();
  }

  @Override
  public long received() {
    return received.get();
  }

  @Override
  public long receivedBytes() {
    return receivedBytes.get();
  }

  @Override
  public String name() {
    return "discard";
  }

  private void accept() {
    while (!closed) {
      try {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        Thread t = new Thread(() -> serve(s), "discard-sink-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (!closed) throw new IllegalStateException(e);
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      Input in = new Input(socket.getInputStream());
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1024);
      out.write(GREETING);
      out.flush();
      byte[] line = new byte[1024];
      while (true) {
        int n = in.readLine(line);
        if (n < 0) return;
        String verb = n >= 4 ? new String(line, 0, 4, StandardCharsets.US_ASCII).toUpperCase(java.util.Locale.ROOT) : "";
        switch (verb) {
          case "EHLO" -> out.write(EHLO);
          case "HELO", "MAIL", "RCPT", "RSET", "NOOP" -> out.write(OK);
          case "DATA" -> {
            out.write(GO_AHEAD);
            out.flush();
            long bytes = in.skipData();
            if (bytes < 0) return;
            received.incrementAndGet();
            receivedBytes.addAndGet(bytes);
            out.write(QUEUED);
          }
          case "QUIT" -> {
            out.write(BYE);
            out.flush();
            return;
          }
          default -> out.write(UNKNOWN);
        }
        out.flush();
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  /**
   * The connection's bytes, scanned in its own buffer: a BufferedInputStream read a byte at a time
   * (a lock per byte) made this sink the busiest thread of a benchmark meant to show the sender.
   */
  private static final class Input {
    private final InputStream in;
    private final byte[] buf = new byte[65536];
    private int pos;
    private int limit;

    Input(InputStream in) {
      this.in = in;
    }

    /** False at end of stream. */
    private boolean fill() throws IOException {
      int n = in.read(buf);
      if (n < 0) return false;
      pos = 0;
      limit = n;
      return true;
    }

    /** Reads one line (without CRLF) into line, truncating long ones; -1 at end of stream. */
    int readLine(byte[] line) throws IOException {
      int n = 0;
      while (true) {
        if (pos == limit && !fill()) return -1;
        byte c = buf[pos++];
        if (c == '\n') return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
        if (n < line.length) line[n++] = c;
      }
    }

    /**
     * Skips message data up to and including the CRLF.CRLF that ends it.
     *
     * @return the bytes before the final ".CRLF", or -1 at end of stream
     */
    long skipData() throws IOException {
      // state: 0 mid-line, 1 after CR, 2 at line start (after CRLF), 3 after line-start '.', 4 after ".CR"
      int state = 2;
      long skipped = 0;
      while (true) {
        if (pos == limit && !fill()) return -1;
        byte[] b = buf;
        int end = limit;
        int i = pos;
        for (; i < end; i++) {
          byte c = b[i];
          if (state == 0) { // most bytes: mid-line, not a CR
            if (c == '\r') state = 1;
            continue;
          }
          switch (state) {
            case 1 -> state = c == '\n' ? 2 : c == '\r' ? 1 : 0;
            case 2 -> state = c == '.' ? 3 : c == '\r' ? 1 : 0;
            case 3 -> state = c == '\r' ? 4 : 0;
            case 4 -> {
              if (c == '\n') {
                skipped += i + 1 - pos;
                pos = i + 1;
                return skipped - 3;
              }
              state = c == '\r' ? 1 : 0;
            }
            default -> throw new IllegalStateException();
          }
        }
        skipped += end - pos;
        pos = end;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
