package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.storage.Database;
import dev.paperboy.testing.Cli;
import dev.paperboy.testing.OnBothDatabases;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestCommandTest {
  private static final Path SAMPLES = Path.of("samples").toAbsolutePath();
  private static final String[] LISTINGS = {
    SAMPLES.resolve("daily-papers-listing-mar12.txt").toString(),
    SAMPLES.resolve("daily-papers-listing-mar13.txt").toString(),
    SAMPLES.resolve("daily-papers-listing-mar14.txt").toString(),
  };

  @TempDir Path home;

  @OnBothDatabases
  void theThreeSeedListingsGive125DistinctPapersAndASecondIngestNothingNew(Database.Dialect dialect) {
    Cli cli = cli(dialect);

    Cli.Result first = cli.run(args("ingest", LISTINGS));
    Cli.Result papers = cli.run("papers", "--json");
    Cli.Result second = cli.run(args("ingest", LISTINGS));

    assertThat(first.exitCode()).isZero();
    assertThat(first.out()).contains("mar12.txt: 54 new, 0 already known")
        .contains("mar13.txt: 62 new, 9 already known").contains("mar14.txt: 9 new, 1 already known");
    assertThat(papers.exitCode()).isZero();
    assertThat(papers.outLines()).isEqualTo(125);
    assertThat(papers.out().lines().findFirst().orElseThrow())
        .contains("\"id\":").contains("\"title\":").contains("\"authors\":").contains("\"listings\":[{\"date\":\"2026-03-12\"")
        .contains("\"upvotes\":").contains("\"first_seen\":");
    assertThat(second.out().lines()).allSatisfy(l -> assertThat(l).contains(": 0 new,"));
  }

  @Test
  void anyOrderGivesTheSameCatalog() {
    Cli cli = cli(Database.Dialect.H2);
    cli.run("ingest", LISTINGS[2], LISTINGS[0], LISTINGS[1]);

    assertThat(cli.run("papers", "--json").outLines()).isEqualTo(125);
  }

  @OnBothDatabases
  void aBrokenFileExits2NamingFileAndLineAndLeavesTheCatalogAsItWas(Database.Dialect dialect) throws IOException {
    Cli cli = cli(dialect);
    cli.run("ingest", LISTINGS[2]);
    String before = cli.run("papers", "--json").out();
    List<String> lines = Files.readAllLines(Path.of(LISTINGS[0]));
    Path broken = home.resolve("broken.txt");
    // a listing cut off after a title: the title on the last line has no abstract
    Files.write(broken, lines.subList(0, 19));

    Cli.Result r = cli.run("ingest", broken.toString(), LISTINGS[1]);

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(broken + ":19: ").contains("no abstract");
    assertThat(r.out()).contains("mar13.txt: 71 new"); // the other source still went in
    String after = cli.run("papers", "--json").out();
    assertThat(after.lines()).hasSize(10 + 71).containsAll(before.lines().toList());
    assertThat(after).doesNotContain("broken.txt");
  }

  @OnBothDatabases
  void aListingCutInTheMiddleOfAnAbstractIsTruncatedAndChangesNothing(Database.Dialect dialect) throws IOException {
    Cli cli = cli(dialect);
    Path cut = home.resolve("t.txt");
    // head -c 1500 samples/daily-papers-listing-mar13.txt > t.txt
    Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(Path.of(LISTINGS[1])), 1500));

    Cli.Result r = cli.run("ingest", cut.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains(cut + ":13: the abstract at line 13 stops mid-sentence where the file ends"
        + " (truncated listing?)");
    assertThat(cli.run("papers", "--json").outLines()).isZero();
  }

  @Test
  void aSourceThatCannotBeFetchedExits1AndOneAtFaultExits2WhateverElseFailed() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/busy", exchange -> {
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
    server.start();
    try {
      Cli cli = cli(Database.Dialect.H2);
      String busy = "http://127.0.0.1:" + server.getAddress().getPort() + "/busy";
      Path broken = Files.writeString(home.resolve("broken.json"), "{\"papers\": [");

      Cli.Result retry = cli.run("ingest", busy, LISTINGS[0]);
      assertThat(retry.exitCode()).as("the network's failure: run it again later").isEqualTo(1);
      assertThat(retry.err()).contains(busy + ":HTTP 503: server answered 503 Service Unavailable")
          .contains("1 of 2 sources failed; 1 other ingested");
      assertThat(cli.run("papers", "--json").outLines()).isEqualTo(54);

      Cli.Result fix = cli.run("ingest", busy, broken.toString());
      assertThat(fix.exitCode()).as("a source at fault: the user's to fix").isEqualTo(2);
      assertThat(fix.err()).contains("broken.json").contains("2 of 2 sources failed; nothing was ingested");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void anUnreadableOrBinarySourceIsReportedWithItsOffset() throws IOException {
    Cli cli = cli(Database.Dialect.H2);
    Path junk = home.resolve("junk.bin");
    Files.write(junk, new byte[] {'a', 'b', 0, 1, 2});

    Cli.Result r = cli.run("ingest", junk.toString(), home.resolve("missing.txt").toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(junk + ":byte 2: binary content").contains("missing.txt");
    assertThat(cli.run("papers", "--json").outLines()).isZero();
  }

  @Test
  void usageErrorsExit2AndEveryCommandHasHelp() {
    Cli cli = cli(Database.Dialect.H2);

    assertThat(cli.run("ingest").exitCode()).isEqualTo(2);
    assertThat(cli.run("ingest", "--format", "csv", "x").exitCode()).isEqualTo(2);
    assertThat(cli.run("ingest", "--date", "14 March", "x").exitCode()).isEqualTo(2);
    assertThat(cli.run("nosuchcommand").exitCode()).isEqualTo(2);
    Cli.Result help = cli.run("ingest", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Usage: paperboy ingest").contains("Exit codes:");
    assertThat(cli.run("--help").out()).contains("ingest").contains("papers");
  }

  @Test
  void aBrokenConfigurationExits2WithItsLocation() throws IOException {
    Path config = home.resolve("bad.yaml");
    Files.writeString(config, "storage:\n  url: jdbc:h2:file:data/x\n  pool: 3\n");

    Cli.Result r = cli(Database.Dialect.H2).run("--config", config.toString(), "papers");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(config + ":3:3: unknown key 'storage.pool' (did you mean 'pool_size'?)");
  }

  private Cli cli(Database.Dialect dialect) {
    return new Cli(home).on(dialect);
  }

  private static String[] args(String command, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = command;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
