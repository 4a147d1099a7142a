package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.storage.Database;
import dev.paperboy.testing.Cli;
import dev.paperboy.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `paperboy prune` on two digests of March, run in November: the older one goes, the latest stays. */
class PruneCommandTest {
  @TempDir Path dir;
  private TestHome home;
  private Cli cli;

  @BeforeEach
  void twoDigests() {
    home = new TestHome(dir).config("").topics("""
        topics:
          diffusion: {title: Diffusion models, query: 'diffusion OR denoising'}
        subscribers:
          - {email: ada@example.org, topics: [diffusion]}
        """);
    cli = home.cli();
    assertThat(cli.run("ingest", TestHome.sample("daily-papers-listing-mar12.txt")).exitCode()).isZero();
    Cli.Result sent = cli.run("send", "--date", "2026-03-12");
    assertThat(sent.exitCode()).as(sent.err()).isZero();
    assertThat(cli.run("ingest", TestHome.sample("daily-papers-listing-mar13.txt")).exitCode()).isZero();
    assertThat(cli.run("send", "--date", "2026-03-13").exitCode()).isZero();
  }

  @Test
  void aDryRunCountsThenPruneDeletesTheOlderDigestAndItsBody() {
    Cli.Result dry = cli.run("prune", "--dry-run");
    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(dry.out()).containsPattern("^1 row dated before \\d{4}-\\d\\d-\\d\\d would be deleted \\(dry run");
    assertThat(cli.run("status", "--json").out()).contains("2026-03-12").contains("2026-03-13");

    Cli.Result pruned = cli.run("prune");
    assertThat(pruned.exitCode()).as(pruned.err()).isZero();
    assertThat(pruned.out()).containsPattern("^deleted 1 row dated before \\d{4}-\\d\\d-\\d\\d, and 1 body no row uses");

    String status = cli.run("status", "--json").out();
    assertThat(status).doesNotContain("2026-03-12").contains("2026-03-13");
    Cli.Result resend = cli.run("resend", "--subscriber", "ada@example.org", "--date", "2026-03-12");
    assertThat(resend.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(resend.err()).contains("no digest for ada@example.org on 2026-03-12");
    assertThat(cli.run("prune").out()).startsWith("deleted 0 rows");
  }

  @Test
  void aKeepShorterThanTheHistorySelectionReadsOrNotADurationIsAUsageError() {
    Cli.Result shortKeep = cli.run("prune", "--keep", "10d");
    assertThat(shortKeep.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(shortKeep.err()).contains("--keep: must be at least 40d, not 10d");
    Cli.Result notDuration = cli.run("prune", "--keep", "soon");
    assertThat(notDuration.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(notDuration.err()).contains("--keep: 'soon' is not a duration");
    Cli.Result zero = cli.run("prune", "--keep", "0d");
    assertThat(zero.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(zero.err()).contains("--keep: 0d would keep nothing; to keep everything, set storage.keep: 0d");
    assertThat(cli.run("status", "--json").out()).contains("2026-03-12");
  }

  @Test
  void withStorageKeepZeroNothingIsPrunedUnlessAskedOnce() {
    home.config("storage:\n  keep: 0d\n");
    Cli.Result kept = cli.run("prune");
    assertThat(kept.exitCode()).isZero();
    assertThat(kept.out()).startsWith("storage.keep is 0d: everything is kept");
    assertThat(cli.run("status", "--json").out()).contains("2026-03-12");

    assertThat(cli.run("prune", "--keep", "40d").out()).startsWith("deleted 1 row");
  }

  @Test
  void refusalsGoOnceOlderThanBothTheKeepAndTheBounceWindow() throws Exception {
    Path dsn = Files.writeString(dir.resolve("dsn.eml"), """
        From: MAILER-DAEMON@mx.example.org
        To: bounce@paperboy.example.org
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="B"

        --B
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.org

        Final-Recipient: rfc822; ada@example.org
        Action: failed
        Status: 5.1.1

        --B--
        """.replace("\n", "\r\n"));
    Instant now = Instant.now();
    for (int daysAgo : new int[] {200, 45, 0}) {
      Cli.Result r = home.cli().clock(Clock.fixed(now.minus(Duration.ofDays(daysAgo)), ZoneOffset.UTC))
          .run("bounce", dsn.toString());
      assertThat(r.out()).as(r.err()).contains("ada@example.org: refused (5.1.1)");
    }

    assertThat(cli.run("prune", "--dry-run").out()).contains("\n1 refusal and 0 complaints recorded before");
    assertThat(cli.run("prune").out()).as("storage.keep, 180d").contains("deleted 1 refusal and 0 complaints recorded before");
    home.config("delivery:\n  bounce_window: 60d\n");
    assertThat(cli.run("prune", "--keep", "40d").out()).as("the one of 45 days ago still counts within 60d")
        .contains("deleted 0 refusals and 0 complaints recorded before " + now.minus(Duration.ofDays(60)).toString()
            .substring(0, 10));
    assertThat(cli.run("status").out()).contains("came back in the last 60d: 2 refusals, 0 complaints");
    home.config("");
    assertThat(cli.run("prune", "--keep", "40d").out()).as("with the default window, 30d, 40d it is")
        .contains("deleted 1 refusal and 0 complaints recorded before " + now.minus(Duration.ofDays(40)).toString()
            .substring(0, 10));
    assertThat(cli.run("status").out()).contains("came back in the last 30d: 1 refusal, 0 complaints (no message sent"
        + " for those dates); 0 subscribers bounced");
  }

  @Test
  void compactRewritesTheH2FileWhenNothingElseHasItOpen() {
    Cli.Result r = cli.run("prune", "--compact");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("deleted 1 row").containsPattern("compacted \\S+paperboy\\.mv\\.db: [\\d.,]+ MB -> [\\d.,]+ MB");
    // the database opens again with everything that was kept
    assertThat(cli.run("status", "--json").out()).contains("2026-03-13");
  }

  @Test
  void compactIsRefusedWhileAnotherConnectionHasTheDatabaseOpen() {
    try (Database other = Database.open("jdbc:h2:file:data/paperboy", "sa", "", 2, dir)) {
      Cli.Result r = cli.run("prune", "--compact");
      assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
      assertThat(r.out()).contains("deleted 1 row");
      assertThat(r.err()).contains("not compacted: another process has the database open");
      int rows = other.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM outbox").mapTo(Integer.class).one());
      assertThat(rows).isEqualTo(1);
    }
    Cli.Result dry = cli.run("prune", "--compact", "--dry-run");
    assertThat(dry.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    Cli.Result pg = home.cli().on(Database.Dialect.POSTGRESQL).run("prune", "--compact");
    assertThat(pg.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(pg.err()).contains("--compact is for an H2 file database");
  }
}
