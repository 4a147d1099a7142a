package dev.paperboy.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.deliver.OutboxRow.Kind;
import dev.paperboy.deliver.OutboxRow.Status;
import dev.paperboy.storage.Database;
import dev.paperboy.testing.MutableClock;
import dev.paperboy.testing.OnBothDatabases;
import dev.paperboy.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Confirmation mails in the outbox: V4's widened kind check, one waiting mail per subscriber carrying the
 * latest link, numbered re-sends.
 */
class OutboxConfirmTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T23:59:00Z"));
  private static final DigestBody CONFIRM = new DigestBody("Confirm", "<p>confirm</p>", "confirm\n");
  private static final Map<String, String> RECIPIENT = Map.of(OutboxRow.NAME, "Ada",
      OutboxRow.UNSUBSCRIBE_URL, "https://p.example/unsubscribe/t", DigestPersonaliser.CONFIRM_URL,
      "https://p.example/confirm/t");

  @OnBothDatabases
  void aConfirmationWaitsOnceWithTheLatestLinkAndIsNumberedWhenAskedForAgainAfterItLeft(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox outbox = new Outbox(db, clock, "p.example");
      assertThat(outbox.enqueueConfirm("s1", "ada@example.org", CONFIRM, RECIPIENT)).isTrue();
      // asked for again while it waits: still one mail, now carrying the latest link (and address spelling)
      assertThat(outbox.enqueueConfirm("s1", "Ada@example.org", CONFIRM, linked("t2"))).isFalse();
      assertThat(outbox.countQueued()).isEqualTo(1);

      OutboxRow row = outbox.claim("n#0", 10, Duration.ofMinutes(5), clock.instant()).get(0);
      assertThat(row.kind()).isEqualTo(Kind.CONFIRM);
      assertThat(row.email()).isEqualTo("Ada@example.org");
      assertThat(row.digestDate()).isEqualTo(LocalDate.of(2026, 3, 14));
      assertThat(row.paperIds()).isEmpty();
      assertThat(row.recipient()).containsEntry(DigestPersonaliser.CONFIRM_URL, "https://p.example/confirm/t2");
      assertThat(row.messageId()).isEqualTo("<20260314." + row.publicId() + "@p.example>");
      // being sent with what it had: a link asked for now follows it in a mail of its own
      assertThat(outbox.enqueueConfirm("s1", "ada@example.org", CONFIRM, linked("t3"))).isTrue();
      assertThat(outbox.markSent(row, clock.instant())).isTrue();
      assertThat(outbox.enqueueConfirm("s1", "ada@example.org", CONFIRM, linked("t4"))).isFalse(); // t3's is queued

      clock.advance(Duration.ofMinutes(2)); // the next UTC day starts numbering afresh
      assertThat(outbox.rowsFor("s1")).extracting(OutboxRow::resendNo).containsExactly(0, 1);
      assertThat(outbox.rowsFor("s1").get(1).recipient()).containsEntry(DigestPersonaliser.CONFIRM_URL,
          "https://p.example/confirm/t4");
      outbox.cancelFor("s1");
      assertThat(outbox.enqueueConfirm("s1", "ada@example.org", CONFIRM, RECIPIENT)).isTrue();
      assertThat(outbox.rowsFor("s1")).extracting(OutboxRow::digestDate, OutboxRow::resendNo, OutboxRow::status)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 3, 14), 0, Status.SENT),
              org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 3, 14), 1, Status.CANCELLED),
              org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 3, 15), 0, Status.QUEUED));
      // every confirmation shares one stored body
      int bodies = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM digest_body").mapTo(Integer.class).one());
      assertThat(bodies).isEqualTo(1);
      // a confirmation is not a digest: it does not move the subscriber's selection window
      assertThat(outbox.history(List.of("s1")).get("s1").windowEnd()).isNull();
    }
  }

  private static Map<String, String> linked(String token) {
    return Map.of(OutboxRow.UNSUBSCRIBE_URL, "https://p.example/unsubscribe/t", DigestPersonaliser.CONFIRM_URL,
        "https://p.example/confirm/" + token);
  }

  @OnBothDatabases
  void theKindCheckStillRefusesUnknownKinds(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.execute("INSERT INTO outbox (public_id, subscriber_id, email,"
          + " digest_date, window_end, recipient, paper_ids, kind, resend_no, status, attempts, next_attempt_at,"
          + " created_at, queued_at, updated_at) VALUES ('x', 's', 'e', DATE '2026-03-14', TIMESTAMP WITH TIME ZONE"
          + " '2026-03-14 00:00:00+00', '{}', '[]', 'newsletter', 0, 'queued', 0, TIMESTAMP WITH TIME ZONE"
          + " '2026-03-14 00:00:00+00', TIMESTAMP WITH TIME ZONE '2026-03-14 00:00:00+00', TIMESTAMP WITH TIME ZONE"
          + " '2026-03-14 00:00:00+00', TIMESTAMP WITH TIME ZONE '2026-03-14 00:00:00+00')")))
          .hasMessageContaining("outbox_kind_check");
    }
  }
}
