package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.testing.Cli;
import dev.paperboy.testing.TestHome;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Option values a command cannot use are usage errors (exit 2) that say which option, before any work. */
class UsageErrorsTest {
  @TempDir Path home;

  @Test
  @Timeout(60)
  void outOfRangeCountsAreRefusedWithTheOptionsName() {
    Cli cli = new Cli(home);
    assertThat(cli.run("ingest", TestHome.sample("daily-papers-listing-mar12.txt")).exitCode()).isZero();

    Cli.Result negativeDays = cli.run("status", "--days", "-3");
    Cli.Result zeroDays = cli.run("status", "--days", "0");
    Cli.Result negativeLimit = cli.run("papers", "--limit", "-1");
    Cli.Result zeroLimit = cli.run("papers", "--limit", "0");

    assertThat(negativeDays.exitCode()).isEqualTo(2);
    assertThat(negativeDays.err()).contains("--days: must be at least 1, not -3");
    assertThat(zeroDays.exitCode()).isEqualTo(2);
    assertThat(negativeLimit.exitCode()).isEqualTo(2);
    assertThat(negativeLimit.err()).contains("--limit: must be 0 or more, not -1");
    assertThat(zeroLimit.exitCode()).as(zeroLimit.err()).isZero();
    assertThat(zeroLimit.out()).isEmpty();
  }
}
