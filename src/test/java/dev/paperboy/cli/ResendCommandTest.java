package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.storage.Database;
import dev.paperboy.testing.Cli;
import dev.paperboy.testing.OnBothDatabases;
import dev.paperboy.testing.TestHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/** `paperboy resend` for the topic file's subscribers, into the default Maildir. */
class ResendCommandTest {
  private static final String TOPICS = """
      topics: {diffusion: {title: Diffusion models, query: 'diffusion OR denoising'}}
      subscribers:
        - {email: ada@example.org, topics: [diffusion], paused: %s}
      """;

  @TempDir Path dir;

  @OnBothDatabases
  void aSubscriberPausedInTheTopicFileGetsNoResendUntilTheFileResumesThem(Database.Dialect dialect) throws IOException {
    TestHome home = new TestHome(dir).config("").topics(TOPICS.formatted("false"));
    Cli cli = home.cli().on(dialect);
    cli.run("ingest", TestHome.sample("daily-papers-listing-mar12.txt"));
    assertThat(cli.run("send", "--date", "2026-03-12").out()).contains("sent 1");

    // paused in the file, with no send or serve since to record it: resend reads the file itself
    home.topics(TOPICS.formatted("true"));
    Cli.Result paused = cli.run("resend", "--subscriber", "ada@example.org", "--date", "2026-03-12");
    home.topics(TOPICS.formatted("false"));
    Cli.Result resumed = cli.run("resend", "--subscriber", "ada@example.org", "--date", "2026-03-12");

    assertThat(paused.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(paused.out()).isEmpty();
    assertThat(paused.err()).isEqualTo("ada@example.org is paused: nothing is sent to them until they resume;"
        + " nothing queued" + System.lineSeparator());
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("resending the digest of 2026-03-12 to ada@example.org").contains("sent 1");
    assertThat(mails(home)).isEqualTo(2); // the digest, and the one resend

    // taken out of the file: send composes nothing for them any more, and resend does not either
    home.topics("topics: {diffusion: {title: Diffusion models, query: diffusion}}\nsubscribers: []\n");
    Cli.Result removed = cli.run("resend", "--subscriber", "ada@example.org", "--date", "2026-03-12");
    assertThat(removed.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(removed.err()).contains("ada@example.org is no longer in the topic file (")
        .contains("topics.yaml): nothing is sent to them; nothing queued");
    assertThat(mails(home)).isEqualTo(2);
  }

  private static long mails(TestHome home) throws IOException {
    try (Stream<Path> files = Files.list(home.dir().resolve("data/maildir/new"))) {
      return files.count();
    }
  }
}
