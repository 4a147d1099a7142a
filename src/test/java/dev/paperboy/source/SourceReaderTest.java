package dev.paperboy.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real HTTP server on 127.0.0.1 and real files. */
class SourceReaderTest {
  private static final Duration SHORT = Duration.ofMillis(400);
  private final List<String> userAgents = new CopyOnWriteArrayList<>();
  private ExecutorService handlers;
  private HttpServer server;
  private String base;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    handlers = Executors.newCachedThreadPool();
    server.setExecutor(handlers);
    server.createContext("/listing.txt", exchange -> answer(exchange, 200, Samples.bytes("daily-papers-listing-mar14.txt")));
    server.createContext("/moved", exchange -> {
      exchange.getResponseHeaders().add("Location", "/listing.txt");
      answer(exchange, 302, new byte[0]);
    });
    server.createContext("/missing", exchange -> answer(exchange, 404, Samples.utf8("no such page")));
    server.createContext("/busy", exchange -> answer(exchange, 503, Samples.utf8("come back later")));
    server.createContext("/slow", exchange -> {
      sleep(3000);
      answer(exchange, 200, Samples.utf8("too late"));
    });
    server.createContext("/trickle", exchange -> {
      exchange.sendResponseHeaders(200, 0); // chunked: headers now, the body slowly
      try (OutputStream body = exchange.getResponseBody()) {
        for (int i = 0; i < 30; i++) {
          body.write('x');
          body.flush();
          sleep(100);
        }
      }
    });
    server.createContext("/big", exchange -> answer(exchange, 200, new byte[5000]));
    server.createContext("/big-chunked", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream body = exchange.getResponseBody()) {
        for (int i = 0; i < 5; i++) body.write(new byte[1000]);
      }
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
    handlers.shutdownNow(); // wakes the sleeping handlers
  }

  private void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
    userAgents.add(exchange.getRequestHeaders().getFirst("User-Agent"));
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static SourceReader reader() {
    return new SourceReader(SHORT, Duration.ofSeconds(5));
  }

  private static SourceException failure(SourceReader reader, String source) {
    return catchThrowableOfType(SourceException.class, () -> reader.read(source));
  }

  @Test
  void downloadsWithPaperboysUserAgent() throws Exception {
    assertThat(reader().read(base + "/listing.txt")).isEqualTo(Samples.bytes("daily-papers-listing-mar14.txt"));
    assertThat(userAgents).containsExactly("Paperboy/0.1 (+https://github.com/paperboy)");
  }

  @Test
  void followsRedirects() throws Exception {
    assertThat(reader().read(base + "/moved")).isEqualTo(Samples.bytes("daily-papers-listing-mar14.txt"));
    assertThat(userAgents).hasSize(2);
  }

  @Test
  void anErrorStatusIsNamed() {
    SourceException e = failure(reader(), base + "/missing");

    assertThat(e.source()).isEqualTo(base + "/missing");
    assertThat(e.location()).isEqualTo("HTTP 404");
    assertThat(e.reason()).isEqualTo("server answered 404 Not Found");
    assertThat(e.isUnreachable()).as("a wrong address is the user's to fix").isFalse();
  }

  @Test
  void aServerInTroubleLeavesTheSourceUnreachableNotFaulty() {
    SourceException e = failure(reader(), base + "/busy");

    assertThat(e.getMessage()).isEqualTo(base + "/busy:HTTP 503: server answered 503 Service Unavailable");
    assertThat(e.isUnreachable()).isTrue();
  }

  @Test
  void aServerThatDoesNotAnswerInTimeFails() {
    SourceReader impatient = new SourceReader(SHORT, SHORT);
    long start = System.nanoTime();

    SourceException e = failure(impatient, base + "/slow");

    assertThat(e.reason()).isEqualTo("no complete answer within 400 ms (timeout)");
    assertThat(e.isUnreachable()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
  }

  @Test
  void aBodyThatTricklesPastTheTimeoutFails() {
    SourceException e = failure(new SourceReader(SHORT, SHORT), base + "/trickle");

    assertThat(e.reason()).contains("timeout");
  }

  @Test
  void answersPastTheSizeLimitAreRefused() {
    SourceReader small = new SourceReader(SHORT, Duration.ofSeconds(5), 4096);

    assertThat(failure(small, base + "/big").reason()).isEqualTo("the answer is larger than the limit of 4096 bytes");
    assertThat(failure(small, base + "/big-chunked").reason()).isEqualTo("the answer is larger than the limit of 4096 bytes");
  }

  @Test
  void aClosedPortCannotBeConnectedTo() throws Exception {
    String url = base + "/listing.txt";
    stopServer();

    SourceException e = failure(reader(), url);

    assertThat(e.reason()).isEqualTo("cannot connect: connection refused");
    assertThat(e.isUnreachable()).isTrue();
  }

  @Test
  void readsFiles() throws Exception {
    assertThat(reader().read(Samples.path("arxiv-rss-cs-lg.xml").toString())).isEqualTo(Samples.bytes("arxiv-rss-cs-lg.xml"));
  }

  @Test
  void missingFilesAndDirectoriesAreNamedAsSuch(@TempDir Path dir) {
    assertThat(failure(reader(), dir.resolve("nope.txt").toString()).reason()).isEqualTo("no such file");
    assertThat(failure(reader(), dir.resolve("nope.txt").toString()).isUnreachable()).isFalse();
    assertThat(failure(reader(), dir.toString()).reason()).isEqualTo("is a directory, not a file");
  }

  @Test
  void filesPastTheSizeLimitAreRefused(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("big.txt"), new byte[4097]);
    SourceReader small = new SourceReader(SHORT, SHORT, 4096);

    assertThat(failure(small, file.toString()).reason()).isEqualTo("the file is larger than the limit of 4096 bytes");
    Files.write(file, new byte[4096]);
    assertThat(small.read(file.toString())).hasSize(4096);
  }

  @Test
  void otherUrlSchemesAreRefused() {
    assertThat(failure(reader(), "ftp://arxiv.org/list").reason()).isEqualTo("unsupported URL scheme 'ftp' (use http, https or a file path)");
    assertThat(SourceReader.isUrl("HTTPS://huggingface.co/api/daily_papers")).isTrue();
    assertThat(SourceReader.isUrl("samples/x.json")).isFalse();
  }
}
