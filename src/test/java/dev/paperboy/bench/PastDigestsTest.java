package dev.paperboy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.deliver.Dispatcher;
import dev.paperboy.deliver.Outbox;
import dev.paperboy.render.Links;
import dev.paperboy.select.Frequency;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.Topic;
import dev.paperboy.storage.Database;
import dev.paperboy.testing.MutableClock;
import dev.paperboy.testing.OnBothDatabases;
import dev.paperboy.testing.TestDatabases;
import dev.paperboy.token.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The benchmark's past digests are a history the product reads as it reads its own. */
class PastDigestsTest {
  private static final Instant COMPOSE_AT = Instant.parse("2026-03-12T12:00:00Z");

  @OnBothDatabases
  void everySubscriberHasOneSentDigestADayBeforeCompose(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Links links = new Links("https://paperboy.example.org", Tokens.of("t1:bench-test-secret-0123456789", "test"));
      List<Long> progress = new ArrayList<>();
      Dispatcher.Progress recorder = (done, total) -> progress.add(done);
      Outbox outbox = new Outbox(db, new MutableClock(COMPOSE_AT), "paperboy.example.org");
      long rows = new PastDigests(db, outbox, links, 7).store(3, PastDigestsTest::subscriber, 5, COMPOSE_AT, recorder);

      assertThat(rows).isEqualTo(15);
      assertThat(progress).last().isEqualTo(15L);
      Map<String, Outbox.History> history = outbox.history(List.of(Bench.id(0), Bench.id(1), Bench.id(2), "new"));
      for (int i = 0; i < 3; i++) {
        Outbox.History h = history.get(Bench.id(i));
        assertThat(h.windowEnd()).isEqualTo(COMPOSE_AT.minus(Duration.ofDays(1)));
        // eight papers of each of the five days' listings (2026-03-07 to 03-11), none twice
        assertThat(h.paperIds()).hasSize(5 * PastDigests.PAPERS)
            .allMatch(id -> id.matches("2603\\.(07|08|09|10|11)\\d{3}"), "from the five listings");
        assertThat(h.paperIds()).filteredOn(id -> id.startsWith("2603.07")).hasSize(PastDigests.PAPERS);
      }
      // the same topics, the same papers; other topics, others
      assertThat(history.get(Bench.id(0)).paperIds()).isEqualTo(history.get(Bench.id(2)).paperIds())
          .isNotEqualTo(history.get(Bench.id(1)).paperIds());
      assertThat(history.get("new").windowEnd()).isNull();
      assertThat(outbox.statusCounts(null, null)).allSatisfy(c -> assertThat(c.status()).isEqualTo("sent"))
          .hasSize(5);
      // as composition stores them: a body per topic mix and day, holding the papers history reads
      long bodies = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM digest_body WHERE paper_ids IS NOT NULL")
          .mapTo(Long.class).one());
      long rowsWithout = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM outbox WHERE body_id IS NULL")
          .mapTo(Long.class).one());
      assertThat(bodies).isEqualTo(2 * 5);
      assertThat(rowsWithout).isZero();
    }
  }

  private static Subscriber subscriber(int i) {
    Topic topic = new Topic(i % 2 == 0 ? "even" : "odd", "Topic", "mamba", List.of());
    return new Subscriber(Bench.id(i), "reader" + i + "@example.org", "Reader " + i, List.of(topic), null,
        ZoneId.of("UTC"), LocalTime.of(8, 0), Frequency.DAILY, 10, false, Subscriber.Origin.WEB);
  }
}
