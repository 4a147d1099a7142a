package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.storage.Database;
import dev.paperboy.testing.Cli;
import dev.paperboy.testing.TestHome;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a command prints about the configuration: its warnings on stderr, and every mistake at once. */
class ConfigReportTest {
  @TempDir Path dir;

  @Test
  void aMisspeltVariableIsWarnedAboutOnceOnStderrWithTheNameMeant() {
    Cli cli = new TestHome(dir).cli().on(Database.Dialect.H2)
        .env("PAPERBOY_DELIVRY_TRANSPORT", "smtp")
        .env("PAPERBOY_SMTP_PASWORD", "secret")
        .env("PAPERBOY_PRINT_COMMAND", "1"); // the launcher's own: no setting, and no mistake either

    Cli.Result status = cli.run("-v", "status", "--json");

    assertThat(status.exitCode()).isZero();
    assertThat(status.out()).startsWith("{"); // stdout stays machine-readable
    assertThat(status.err().lines().filter(l -> l.startsWith("environment ")).toList()).containsExactly(
        "environment PAPERBOY_DELIVRY_TRANSPORT: warning: not a configuration setting; ignored"
            + " (did you mean 'PAPERBOY_DELIVERY_TRANSPORT'?)",
        "environment PAPERBOY_SMTP_PASWORD: warning: not a configuration setting; ignored"
            + " (did you mean 'PAPERBOY_SMTP_PASSWORD'?)");
  }

  @Test
  void aCommandThatUsesTheConfigurationOftenStillWarnsOnce() {
    TestHome home = new TestHome(dir).config("").topics("""
        topics: {diffusion: {title: Diffusion, query: diffusion}}
        subscribers: [{email: ada@example.org, topics: [diffusion]}]
        """);
    Cli cli = home.cli().on(Database.Dialect.H2).env("PAPERBOY_NOTHING_LIKE_IT", "1");
    cli.run("ingest", TestHome.sample("daily-papers-listing-mar12.txt"));

    Cli.Result send = cli.run("send", "--date", "2026-03-12");

    assertThat(send.exitCode()).as(send.err()).isZero();
    assertThat(send.out()).contains("sent 1");
    assertThat(send.err().lines().filter(l -> l.contains("PAPERBOY_NOTHING_LIKE_IT")).toList()).containsExactly(
        "environment PAPERBOY_NOTHING_LIKE_IT: warning: not a configuration setting; ignored");
  }

  @Test
  void everyMistakeOfTheFileIsReportedInOneRunWithExitCode2() {
    TestHome home = new TestHome(dir).config("""
        smtp:
          port: "twenty-five"
        delivery:
          max_age: "20 hours"
          senders: "four"
          batch: 10
        """);
    Path file = home.dir().resolve("config/paperboy.yaml");

    Cli.Result r = home.cli().on(Database.Dialect.H2).env("PAPERBOY_DELIVRY_TRANSPORT", "smtp").run("status");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.out()).isEmpty();
    // (TestHome writes a templates: section of two lines first)
    assertThat(r.err().lines().toList()).containsExactly(
        file + ":4:9: smtp.port: expected a whole number",
        file + ":6:12: delivery.max_age: '20 hours' is not a duration (write e.g. 30s, 5m, 48h, 2d)",
        file + ":7:12: delivery.senders: expected a whole number",
        file + ":8:3: unknown key 'delivery.batch' (did you mean 'batch_size'?)",
        "environment PAPERBOY_DELIVRY_TRANSPORT: warning: not a configuration setting; ignored"
            + " (did you mean 'PAPERBOY_DELIVERY_TRANSPORT'?)");
  }
}
