package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.cli.ExitCodes;
import dev.paperboy.deliver.Composed;
import dev.paperboy.deliver.DigestBody;
import dev.paperboy.deliver.DigestPersonaliser;
import dev.paperboy.deliver.OutboxRow;
import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.storage.Database;
import dev.paperboy.testing.Cli;
import dev.paperboy.testing.OnBothDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * `paperboy resend` after subscribers left through the pages: one-click unsubscribe and pause on the
 * manage page, then the command line against the same database, delivering into GreenMail.
 */
class ResendAfterLeavingTest {
  private static final LocalDate MAR14 = LocalDate.of(2026, 3, 14);
  private static final String LOU = "admin-listed@example.org";

  @TempDir Path dir;

  @OnBothDatabases
  void resendRefusesAnAddressThatUnsubscribedAndQueuesNothing(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      StoredSubscriber lou = SignUpTest.stored(web, LOU).orElseThrow();
      web.outbox.enqueue(digest(lou));
      web.deliver();
      Cli cli = web.home.cli().clock(web.clock);
      Cli.Result before = cli.run("resend", "--subscriber", LOU, "--date", "2026-03-14");
      assertThat(before.exitCode()).as(before.err()).isZero();
      assertThat(before.out()).contains("sent 1");
      assertThat(web.mailsTo(LOU)).hasSize(2);

      assertThat(LinksInMailTest.oneClick(web, web.links.unsubscribe(lou.id())).statusCode()).isEqualTo(200);
      Cli.Result after = cli.run("resend", "--subscriber", LOU, "--date", "2026-03-14");

      assertThat(after.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(after.out()).isEmpty();
      assertThat(after.err()).isEqualTo(LOU + " unsubscribed on 2026-03-14: nothing is sent to them; nothing queued"
          + System.lineSeparator());
      assertThat(web.outbox.rowsFor(lou.id())).extracting(OutboxRow::kind)
          .containsExactly(OutboxRow.Kind.DIGEST, OutboxRow.Kind.RESEND); // the resend from before only
      assertThat(web.deliver().sent()).isZero();
      assertThat(web.mailsTo(LOU)).hasSize(2);
    }
  }

  @OnBothDatabases
  void resendRefusesAPausedSubscriberUntilTheyResume(Database.Dialect dialect) throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      StoredSubscriber ada = ManageTest.confirmed(web, "ada@example.org");
      web.outbox.enqueue(digest(ada));
      web.deliver();
      String manage = web.links.manage(ada.id());
      web.post(manage, List.of(Map.entry("csrf", WebHarness.csrf(web.get(manage))), Map.entry("action", "pause")));
      Cli cli = web.home.cli().clock(web.clock);

      Cli.Result paused = cli.run("resend", "--subscriber", "ada@example.org", "--date", "2026-03-14");
      web.post(manage, List.of(Map.entry("csrf", WebHarness.csrf(web.get(manage))), Map.entry("action", "resume")));
      Cli.Result resumed = cli.run("resend", "--subscriber", "ada@example.org", "--date", "2026-03-14");

      assertThat(paused.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(paused.err()).contains("ada@example.org is paused: nothing is sent to them until they resume;"
          + " nothing queued");
      assertThat(resumed.exitCode()).as(resumed.err()).isZero();
      assertThat(resumed.out()).contains("sent 1");
      // the confirmation, the digest, and the resend after resuming
      assertThat(web.mailsTo("ada@example.org")).hasSize(3);
    }
  }

  @OnBothDatabases
  void resendFailedCancelsTheFailedDigestsOfWhoUnsubscribedOrPausedSinceAndSendsTheRest(Database.Dialect dialect)
      throws Exception {
    try (WebHarness web = new WebHarness(dialect, dir, "")) {
      StoredSubscriber lou = SignUpTest.stored(web, LOU).orElseThrow();
      StoredSubscriber ada = ManageTest.confirmed(web, "ada@example.org");
      StoredSubscriber zoe = ManageTest.confirmed(web, "zoe@example.org");
      web.outbox.enqueueAll(List.of(digest(lou), digest(ada), digest(zoe)));
      // the mail server refused all three for good (a 5xx), as the senders record it
      for (OutboxRow row : web.outbox.claim("test#0", 10, Duration.ofMinutes(5), web.clock.instant())) {
        web.outbox.fail(row, "554 5.7.1 rejected for policy reasons");
      }
      web.clock.advanceHours(1);
      LinksInMailTest.oneClick(web, web.links.unsubscribe(lou.id()));
      String manage = web.links.manage(ada.id());
      web.post(manage, List.of(Map.entry("csrf", WebHarness.csrf(web.get(manage))), Map.entry("action", "pause")));
      Cli cli = web.home.cli().clock(web.clock);

      Cli.Result r = cli.run("resend", "--failed");

      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out().lines().toList()).containsExactly(
          "1 failed message queued again",
          "2 cancelled instead: their subscriber is paused (1), unsubscribed (1)",
          "sent 1, failed 0, waiting to retry 0, expired 0");
      assertThat(web.mailsTo("zoe@example.org")).hasSize(2); // the confirmation and the digest
      assertThat(web.mailsTo("ada@example.org")).hasSize(1); // the confirmation only
      assertThat(web.mailsTo(LOU)).isEmpty();
      JsonNode day = new ObjectMapper().readTree(cli.run("status", "--json").out()).at("/days/0");
      assertThat(day.path("date").asText()).isEqualTo("2026-03-14");
      assertThat(day.path("cancelled").asInt()).isEqualTo(2);
      assertThat(day.path("sent").asInt()).as("zoe's digest").isEqualTo(1);
      assertThat(day.path("failed").asInt()).isZero();
      assertThat(day.at("/confirmations/sent").asInt()).isEqualTo(2);
      assertThat(day.at("/resends/sent").asInt()).isZero();
      assertThat(cli.run("status").out().lines()).containsSubsequence(
          "date               queued  retrying   sending      sent    failed   expired cancelled     empty",
          "2026-03-14              0         0         0         1         0         0         2         0",
          "  confirmations         0         0         0         2         0         0         0         0");
      // and again: nothing left to queue or cancel
      assertThat(cli.run("resend", "--failed").out()).startsWith("0 failed messages queued again"
          + System.lineSeparator() + "sent 0");
    }
  }

  /** A digest as composition stores it, with the recipient values the personaliser splices in. */
  private static Composed digest(StoredSubscriber s) {
    String greeting = dev.paperboy.render.Field.GREETING.marker();
    DigestBody body = new DigestBody("Trending papers", "<!DOCTYPE html><html lang=\"en\"><head><title>t</title></head>"
        + "<body><p class=\"greeting\">" + greeting + "</p></body></html>", greeting + "\n");
    return new Composed(s.id(), s.email(), MAR14, MAR14.atStartOfDay(ZoneOffset.UTC).toInstant(), body,
        Map.of(OutboxRow.NAME, s.name(), OutboxRow.UNSUBSCRIBE_URL, "http://paperboy.test/unsubscribe/x",
            DigestPersonaliser.MANAGE_URL, "http://paperboy.test/manage/x"), List.of("p1"));
  }
}
