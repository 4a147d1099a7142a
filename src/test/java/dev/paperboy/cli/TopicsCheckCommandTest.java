package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.catalog.Catalog;
import dev.paperboy.source.ParsedPaper;
import dev.paperboy.source.ParsedSource;
import dev.paperboy.source.SourceFormat;
import dev.paperboy.storage.Database;
import dev.paperboy.testing.MutableClock;
import dev.paperboy.testing.OnBothDatabases;
import dev.paperboy.testing.TestDatabases;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicsCheckCommandTest {
  private static final String RADD = "Your Absorbing Discrete Diffusion Secretly Models the Conditional Distributions of Clean Data";
  private static final String EDLM = "Energy-Based Diffusion Language Models for Text Generation";

  @TempDir Path home;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T08:00:00Z"));
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @OnBothDatabases
  void theExampleFileChecksCleanAgainstACatalogHoldingItsLikedPapers(Database.Dialect dialect) {
    String url = TestDatabases.url(dialect);
    try (Database db = Database.open(url, TestDatabases.user(dialect), "", 2, home)) {
      LocalDate day = LocalDate.of(2026, 3, 12);
      new Catalog(db.jdbi(), clock).ingest(new ParsedSource("seed", SourceFormat.LISTING, List.of(
          new ParsedPaper("2406.03736", RADD, "Discrete diffusion.", List.of(), day, 1, null, null, List.of(), null),
          new ParsedPaper(null, EDLM, "Discrete diffusion models.", List.of(), day, 2, null, null, List.of(), null)),
          List.of(), List.of()));
    }

    int code = run(Map.of("PAPERBOY_STORAGE_URL", url, "PAPERBOY_STORAGE_USERNAME", TestDatabases.user(dialect)),
        "topics", "check", Path.of("config/topics.example.yaml").toAbsolutePath().toString());

    assertThat(err.toString()).isEmpty();
    assertThat(code).isZero();
    assertThat(out.toString().strip()).endsWith(
        "topics.example.yaml: ok: 6 subscribers (1 paused), 7 topics (and 1 inline), 0 warnings");
  }

  @OnBothDatabases
  void likedPapersMissingFromTheCatalogAreWarningsOnly(Database.Dialect dialect) throws IOException {
    Path file = write("config/topics.yaml", """
        topics:
          radd: {title: RADD, like: ["2406.03736"]}
        subscribers:
          - {email: ada@example.org, topics: [radd]}
        """);

    int code = run(Map.of("PAPERBOY_STORAGE_URL", TestDatabases.url(dialect),
        "PAPERBOY_STORAGE_USERNAME", TestDatabases.user(dialect)), "topics", "check");

    assertThat(code).isZero();
    assertThat(err.toString()).isEqualTo(file + ":2:30: warning: '2406.03736' is not in the catalog (yet); this entry "
        + "is ignored until a listing brings it" + System.lineSeparator());
    assertThat(out.toString()).contains("ok: 1 subscriber, 1 topic, 1 warning");
  }

  @Test
  void aBadFileReportsEveryProblemAndExitsWith2() throws IOException {
    Path file = write("bad.yaml", """
        topics:
          diffusion: {title: Diffusion, query: 'diffusion AND'}
        subscribers:
          - {email: ada@example.org, topics: [difusion], send_at: "7.30"}
          - {email: ADA@example.org, topics: [diffusion], frequency: hourly}
        """);

    int code = run(Map.of(), "topics", "check", "--no-catalog", file.toString());

    assertThat(code).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().lines().toList()).satisfiesExactly(
        l -> assertThat(l).startsWith(file + ":2:40: topics.diffusion.query: not a valid query: "),
        l -> assertThat(l).isEqualTo(file + ":4:39: subscribers[0].topics[0]: unknown topic 'difusion' (did you mean 'diffusion'?)"),
        l -> assertThat(l).startsWith(file + ":4:59: subscribers[0].send_at: '7.30' is not a time of day"),
        l -> assertThat(l).startsWith(file + ":5:13: subscribers[1].email: 'ADA@example.org' is listed twice"),
        l -> assertThat(l).startsWith(file + ":5:62: subscribers[1].frequency: 'hourly' is not a frequency"),
        l -> assertThat(l).isEqualTo(file + ": 5 errors, 0 warnings"));
  }

  @Test
  void aTopicTitleWithALineBreakIsRefusedLikeASubscriberName() throws IOException {
    // "\r\n" in a double-quoted YAML string is a real CR LF: it would reach the Subject and the HTML
    Path file = write("titles.yaml", """
        topics:
          diffusion: {title: "Diffusion\\r\\nBcc: victim@example.org", query: diffusion}
          mamba: {title: "Mamba", query: mamba}
        subscribers:
          - {email: ada@example.org, name: "Ada\\nLovelace", topics: [mamba, {title: "Inline\\rtopic", query: ssm}]}
        """);

    int code = run(Map.of(), "topics", "check", "--no-catalog", file.toString());

    assertThat(code).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().lines().toList()).containsExactly(
        file + ":2:22: topics.diffusion.title: must be a single line",
        file + ":5:36: subscribers[0].name: must be a single line",
        file + ":5:77: subscribers[0].topics[1].title: must be a single line",
        file + ": 3 errors, 0 warnings");
  }

  @Test
  void aMissingFileIsBadInput() {
    int code = run(Map.of(), "topics", "check", "--no-catalog", home.resolve("nope.yaml").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("nope.yaml: file not found");
  }

  private int run(Map<String, String> env, String... args) {
    return Main.run(args, env, home, clock, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private Path write(String name, String text) throws IOException {
    Path f = home.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
    return f;
  }
}
