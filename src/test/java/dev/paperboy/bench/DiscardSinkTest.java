package dev.paperboy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The discard sink speaks enough SMTP for Angus, and finds the end of each message wherever reads split it. */
class DiscardSinkTest {
  @Test
  void messagesEndAtTheLoneDotWhateverTheReadsAndTheDotStuffedLinesBefore() throws Exception {
    try (DiscardSink sink = DiscardSink.start();
        Socket s = new Socket(sink.host(), sink.port())) {
      s.setSoTimeout(10_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = s.getOutputStream();
      assertThat(in.readLine()).startsWith("220 ");
      send(out, "EHLO test\r\n");
      String line;
      while ((line = in.readLine()).startsWith("250-")) {
        assertThat(line).isNotNull();
      }
      assertThat(line).startsWith("250 ");

      // bigger than the sink's 64 KB buffer, with dot-stuffed lines, ".\r" mid-line and a lone "." split over writes
      String body = "Subject: t\r\n\r\n" + ("..not the end\r\nx.\r\n.x\r\n" + "y".repeat(120) + "\r\n").repeat(600);
      for (int message = 1; message <= 2; message++) {
        send(out, "MAIL FROM:<a@example.org>\r\n");
        assertThat(in.readLine()).startsWith("250 ");
        send(out, "RCPT TO:<b@example.org>\r\n");
        assertThat(in.readLine()).startsWith("250 ");
        send(out, "DATA\r\n");
        assertThat(in.readLine()).startsWith("354 ");
        send(out, body);
        send(out, "\r");
        send(out, "\n.");
        send(out, "\r");
        send(out, "\nNOOP\r\n"); // the next command right behind the end, in the same read or not
        assertThat(in.readLine()).startsWith("250 2.0.0 OK: discarded");
        assertThat(in.readLine()).startsWith("250 ");
        assertThat(sink.received()).isEqualTo(message);
        // the data as sent, dot-stuffing included, up to the CRLF before the final dot
        assertThat(sink.receivedBytes()).isEqualTo(message * (body.length() + 2L));
      }
      send(out, "QUIT\r\n");
      assertThat(in.readLine()).startsWith("221 ");
    }
  }

  private static void send(OutputStream out, String s) throws Exception {
    out.write(s.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    Thread.sleep(5); // lets the sink read what came so far on its own
  }
}
