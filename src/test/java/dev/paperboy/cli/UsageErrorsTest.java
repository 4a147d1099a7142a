package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.testing.Cli;
import dev.paperboy.testing.TestHome;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command explains itself, and option values a command cannot use are usage errors (exit 2) that
 * say which option, before any work.
 */
class UsageErrorsTest {
  @TempDir Path home;

  @Test
  void everyCommandHasHelpThatSaysWhatItDoesWithEveryValueFilledIn() {
    List<List<String>> commands = new ArrayList<>();
    collect(new CommandLine(new PaperboyCommand(Map.of(), home, Clock.systemUTC())), new ArrayList<>(), commands);
    assertThat(commands).hasSizeGreaterThan(15).contains(List.of("bounce"), List.of("topics", "check"));
    for (List<String> command : commands) {
      List<String> args = new ArrayList<>(command);
      args.add("--help");
      Cli.Result help = new Cli(home).run(args.toArray(String[]::new));
      assertThat(help.exitCode()).as(String.join(" ", command)).isZero();
      // picocli fills ${...} in descriptions: a name it does not know comes out as "null"
      assertThat(help.out()).as(String.join(" ", command)).startsWith("Usage: paperboy " + String.join(" ", command))
          .doesNotContainPattern("\\bnull\\b").contains("Exit codes:");
    }
  }

  private static void collect(CommandLine cli, List<String> path, List<List<String>> out) {
    cli.getSubcommands().forEach((name, sub) -> {
      if (!name.equals(sub.getCommandName())) return; // an alias
      List<String> here = new ArrayList<>(path);
      here.add(name);
      out.add(here);
      collect(sub, here, out);
    });
  }

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
