package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.testing.Cli;
import dev.paperboy.testing.Mails;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `paperboy demo`: README's first command, into a Maildir under the home, and never into anyone's files. */
class DemoCommandTest {
  @TempDir Path home;

  @Test
  void theDemoDeliversEachSampleDaysDigestsAndRunsAgainFromScratch() throws Exception {
    Cli cli = new Cli(home);

    Cli.Result first = cli.run("demo");
    Cli.Result second = cli.run("demo");

    assertThat(first.exitCode()).as(first.err()).isZero();
    Path maildir = home.resolve("data/demo/maildir");
    assertThat(first.out()).contains("digests delivered into the Maildir " + maildir, "mutt -f " + maildir);
    long delivered = Long.parseLong(first.out().lines().filter(l -> l.contains("digests delivered")).findFirst()
        .orElseThrow().split(" ")[0]);
    assertThat(delivered).isPositive();
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(count(maildir.resolve("new"))).as("recreated, not added to").isEqualTo(delivered);
    assertThat(home.resolve("data/demo/digest.html")).content().contains("<html");
  }

  @Test
  void aFolderHoldingOtherFilesIsNeverDeleted() throws Exception {
    Path mine = Files.createDirectories(home.resolve("work"));
    Files.writeString(mine.resolve("precious.txt"), "keep me");
    Path data = Files.createDirectories(home.resolve("data"));
    Files.writeString(data.resolve("paperboy.mv.db"), "a real database");

    Cli.Result intoMine = new Cli(home).run("demo", "--dir", "work");
    Cli.Result intoData = new Cli(home).run("demo", "--dir", "data");

    assertThat(intoMine.exitCode()).isEqualTo(2);
    assertThat(intoMine.err()).contains(mine + " holds files the demo did not make");
    assertThat(mine.resolve("precious.txt")).hasContent("keep me");
    assertThat(intoData.exitCode()).isEqualTo(2);
    assertThat(data.resolve("paperboy.mv.db")).hasContent("a real database");
  }

  @Test
  void theExamplesLikeTopicSuggestsPapersLikeItsOwnNotThemselves() throws Exception {
    assertThat(new Cli(home).run("demo").exitCode()).isZero();

    List<String> texts = new ArrayList<>();
    try (Stream<Path> files = Files.list(home.resolve("data/demo/maildir/new"))) {
      for (Path f : files.toList()) {
        try (InputStream in = Files.newInputStream(f)) {
          MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), in);
          if (Mails.to(m).equals("srinivasa@example.in")) texts.add(Mails.part(m, "text/plain"));
        }
      }
    }
    assertThat(texts).isNotEmpty().anySatisfy(t -> assertThat(t).contains("Papers like RADD\n================"));
    assertThat(texts).noneSatisfy(t -> assertThat(t).contains("Your Absorbing Discrete Diffusion Secretly"));
    assertThat(texts).noneSatisfy(t -> assertThat(t).contains("Energy-Based Diffusion Language Models for Text"));
  }

  private static long count(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }
}
