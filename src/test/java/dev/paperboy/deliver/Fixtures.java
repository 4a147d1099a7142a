package dev.paperboy.deliver;

import dev.paperboy.config.ConfigLoader;
import dev.paperboy.config.PaperboyConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Digests for tests, with a body whose only placeholder is {{name}}. */
final class Fixtures {
  static final LocalDate MAR14 = LocalDate.of(2026, 3, 14);
  static final Instant WINDOW_END = Instant.parse("2026-03-14T06:00:00Z");
  static final DigestBody BODY = new DigestBody("Trending papers for {{name}}",
      "<!DOCTYPE html><html lang=\"en\"><body><p>Hello {{name}}</p><p>Papers: 2406.03736</p>"
          + "<p><a href=\"https://paperboy.example.org/u/x\">Unsubscribe</a></p></body></html>",
      "Hello {{name}}\n\nPapers: 2406.03736\n\nUnsubscribe: https://paperboy.example.org/u/x\n");

  /** Replaces {{name}} in subject, html and text. */
  static final BodyPersonaliser PERSONALISER = (body, row) -> {
    String name = row.recipientName().isEmpty() ? "reader" : row.recipientName();
    return new Personalised(body.subject().replace("{{name}}", name), body.html().replace("{{name}}", name),
        body.text().replace("{{name}}", name));
  };

  private Fixtures() {}

  /** The mail section of the built-in defaults. */
  static PaperboyConfig.Mail mail() {
    return new ConfigLoader(Map.of(), Path.of(".")).load(null, false).mail();
  }

  /** A row as the outbox would hand it to a sender, without a database. */
  static OutboxRow row(long id, String email, String name, String unsubscribeUrl) {
    String publicId = "pUbLiC" + id;
    return new OutboxRow(id, publicId, "s" + id, email, MAR14, WINDOW_END, 1L,
        Map.of(OutboxRow.NAME, name, OutboxRow.UNSUBSCRIBE_URL, unsubscribeUrl), List.of("p1"),
        "<20260314." + publicId + "@paperboy.example.org>", OutboxRow.Kind.DIGEST, 0, null,
        OutboxRow.Status.SENDING, 0, WINDOW_END, "n#0", WINDOW_END.plusSeconds(300), null, WINDOW_END, WINDOW_END,
        null);
  }

  static Composed digest(String subscriberId, LocalDate date, String... paperIds) {
    return digest(subscriberId, subscriberId + "@example.org", "Reader " + subscriberId, date, paperIds);
  }

  static Composed digest(String subscriberId, String email, String name, LocalDate date, String... paperIds) {
    return new Composed(subscriberId, email, date, date.atTime(6, 0).toInstant(java.time.ZoneOffset.UTC), BODY,
        Map.of(OutboxRow.NAME, name, OutboxRow.UNSUBSCRIBE_URL,
            "https://paperboy.example.org/unsubscribe?token=" + subscriberId),
        List.of(paperIds));
  }
}
