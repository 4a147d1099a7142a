package dev.paperboy.bench;

/** Where the benchmark's messages go: an SMTP server on this machine. */
public interface Sink extends AutoCloseable {
  String host();

  int port();

  /** Messages the server accepted so far, or -1 when this sink cannot tell (an external server). */
  long received();

  /**
   * Bytes of message data (headers and body, as sent between DATA and the final dot) the server
   * accepted so far, or -1 when this sink cannot tell: deliver and ceiling are compared per message,
   * so the report shows that their messages are the same size.
   */
  long receivedBytes();

  /** What it is, for the report: "discard", "greenmail", "smtp://127.0.0.1:2525". */
  String name();

  @Override
  void close();

  /**
   * @param spec greenmail | discard | none | smtp://HOST:PORT
   * @throws IllegalArgumentException for anything else
   */
  static Sink of(String spec) {
    String s = spec.strip();
    if (s.equals("greenmail")) return GreenMailSink.start();
    if (s.equals("discard") || s.equals("none")) return DiscardSink.start();
    if (s.startsWith("smtp://")) {
      String hostPort = s.substring("smtp://".length()).replaceAll("/+$", "");
      int colon = hostPort.lastIndexOf(':');
      if (colon <= 0) throw new IllegalArgumentException("--sink smtp://HOST:PORT needs a port: " + spec);
      String host = hostPort.substring(0, colon);
      int port;
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--sink " + spec + ": the port is not a number");
      }
      return new External(host, port);
    }
    throw new IllegalArgumentException("--sink must be greenmail, discard (or none) or smtp://HOST:PORT, not '" + spec + "'");
  }

  /** A server someone else runs (Postfix on loopback): it tells us nothing. */
  record External(String host, int port) implements Sink {
    @Override
    public long received() {
      return -1;
    }

    @Override
    public long receivedBytes() {
      return -1;
    }

    @Override
    public String name() {
      return "smtp://" + host + ":" + port;
    }

    @Override
    public void close() {}
  }
}
