package dev.paperboy.testing;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A minimal SMTP server on 127.0.0.1 whose replies a test scripts: per recipient and attempt it may
 * refuse RCPT or DATA with any code, close connections after some messages, or never answer.
 */
public final class ScriptedSmtpServer implements AutoCloseable {
  /** A message the server accepted. */
  public record Received(String mailFrom, List<String> rcptTo, byte[] data) {
    public String text() {
      return new String(data, StandardCharsets.ISO_8859_1);
    }
  }

  private final ServerSocket server;
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, AtomicInteger> rcptSeen = new ConcurrentHashMap<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());
  private volatile BiFunction<String, Integer, String> rcptReply = (rcpt, n) -> null;
  private volatile BiFunction<String, Integer, String> dataReply = (rcpt, n) -> null;
  private volatile boolean mute;
  private volatile int messagesPerConnection = Integer.MAX_VALUE;
  private volatile boolean closed;
  private final Thread acceptor;

  public ScriptedSmtpServer() throws IOException {
    this(0);
  }

  /** On a given port, e.g. the one of a server that was stopped. */
  public ScriptedSmtpServer(int port) throws IOException {
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    acceptor = new Thread(this::accept, "scripted-smtp");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The reply to RCPT TO for (recipient, how many times it was offered so far, from 1); null: 250. */
  public ScriptedSmtpServer onRcpt(BiFunction<String, Integer, String> reply) {
    this.rcptReply = reply;
    return this;
  }

  /** The reply after the message data for (first recipient, attempt of that recipient); null: 250. */
  public ScriptedSmtpServer onData(BiFunction<String, Integer, String> reply) {
    this.dataReply = reply;
    return this;
  }

  /** Accept connections but never say a word. */
  public ScriptedSmtpServer mute() {
    this.mute = true;
    return this;
  }

  /** Answer 421 and close after this many messages on one connection. */
  public ScriptedSmtpServer messagesPerConnection(int n) {
    this.messagesPerConnection = n;
    return this;
  }

  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** Messages accepted for {@code rcpt}. */
  public long receivedFor(String rcpt) {
    return received().stream().filter(r -> r.rcptTo().contains(rcpt)).count();
  }

  public int connections() {
    return connections.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        if (closed) { // accepted while close() ran: a stopped server must not take a message
          s.close();
          return;
        }
        connections.incrementAndGet();
        open.add(s);
        Thread t = new Thread(() -> serve(s), "scripted-smtp-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      if (mute) {
        s.getInputStream().read();
        return;
      }
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
      OutputStream out = s.getOutputStream();
      say(out, "220 scripted.test ESMTP");
      String from = null;
      List<String> rcpts = new ArrayList<>();
      int attempt = 0;
      int messages = 0;
      String line;
      while ((line = in.readLine()) != null) {
        String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
        switch (cmd) {
          case "EHLO" -> say(out, "250-scripted.test\r\n250-8BITMIME\r\n250 PIPELINING");
          case "HELO" -> say(out, "250 scripted.test");
          case "MAIL" -> {
            if (messages >= messagesPerConnection) {
              say(out, "421 4.7.0 too many messages on this connection");
              return;
            }
            from = address(line);
            rcpts.clear();
            say(out, "250 2.1.0 Ok");
          }
          case "RCPT" -> {
            String rcpt = address(line);
            int n = rcptSeen.computeIfAbsent(rcpt, k -> new AtomicInteger()).incrementAndGet();
            String reply = rcptReply.apply(rcpt, n);
            if (reply == null) {
              rcpts.add(rcpt);
              attempt = n;
              say(out, "250 2.1.5 Ok");
            } else {
              say(out, reply);
            }
          }
          case "DATA" -> {
            if (rcpts.isEmpty()) {
              say(out, "554 5.5.1 no valid recipients");
              break;
            }
            say(out, "354 End data with <CR><LF>.<CR><LF>");
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            String l;
            while ((l = in.readLine()) != null && !l.equals(".")) {
              if (l.startsWith(".")) l = l.substring(1);
              data.write(l.getBytes(StandardCharsets.ISO_8859_1));
              data.write('\r');
              data.write('\n');
            }
            String reply = dataReply.apply(rcpts.get(0), attempt);
            if (reply == null) {
              received.add(new Received(from, List.copyOf(rcpts), data.toByteArray()));
              messages++;
              say(out, "250 2.0.0 Ok: queued");
            } else {
              say(out, reply);
            }
            rcpts.clear();
          }
          case "RSET" -> {
            rcpts.clear();
            say(out, "250 2.0.0 Ok");
          }
          case "NOOP" -> say(out, "250 2.0.0 Ok");
          case "QUIT" -> {
            say(out, "221 2.0.0 Bye");
            return;
          }
          default -> say(out, "502 5.5.2 Error: command not recognized");
        }
      }
    } catch (IOException e) {
      // the client went away
    } finally {
      open.remove(s);
    }
  }

  private static String address(String line) {
    int lt = line.indexOf('<');
    int gt = line.indexOf('>', lt);
    return lt >= 0 && gt > lt ? line.substring(lt + 1, gt) : "";
  }

  private static void say(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    // A thread blocked in accept() keeps the listening socket alive until it returns, and it may still
    // return a connection that arrived meanwhile: wait for it, so that "closed" means refused.
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (open) {
      for (Socket s : open) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }
  }
}
