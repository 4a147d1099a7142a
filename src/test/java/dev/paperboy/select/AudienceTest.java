package dev.paperboy.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.catalog.Catalog;
import dev.paperboy.catalog.Listing;
import dev.paperboy.storage.Database;
import dev.paperboy.testing.MutableClock;
import dev.paperboy.testing.OnBothDatabases;
import dev.paperboy.testing.TestDatabases;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

class AudienceTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-12T06:00:00Z"));

  private static TopicFile file(String subscribers) {
    return TopicFile.parse("topics.yaml", """
        topics:
          diffusion: {title: Diffusion models, query: 'diffusion OR "score-based"'}
          ssm: {title: State space models, query: 'mamba OR "state space"'}
        subscribers:
        """ + subscribers, PaperLookup.NONE);
  }

  private static final String TWO = """
        - {email: ada@example.org, name: Ada, topics: [diffusion]}
        - {email: grace@example.org, name: Grace, topics: [ssm], paused: true}
      """;

  @OnBothDatabases
  void fileSubscribersGetStableOpaqueIdsAndPausedOnesGetNothing(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Audience audience = new Audience(db.jdbi(), clock);

      List<Subscriber> active = audience.sync(file(TWO));

      assertThat(active).extracting(Subscriber::email).containsExactly("ada@example.org");
      String id = active.get(0).id();
      assertThat(id).matches("[a-z2-7]{26}").doesNotContain("ada");
      StoredSubscriber grace = db.jdbi().withHandle(h -> new SubscriberStore(h).byEmail("Grace@example.org")).orElseThrow();
      assertThat(grace.status()).isEqualTo(StoredSubscriber.Status.PAUSED);
      assertThat(grace.origin()).isEqualTo(Subscriber.Origin.FILE);
      assertThat(grace.prefs()).isNull();

      clock.advanceHours(1);
      Audience.SyncReport again = audience.upsert(file(TWO));
      assertThat(again).isEqualTo(new Audience.SyncReport(0, 0, 2, 0, List.of()));

      // unpaused, renamed, and the address written in capitals: same person, same id
      List<Subscriber> later = audience.sync(file("""
            - {email: ADA@example.org, name: Ada Lovelace, topics: [diffusion]}
            - {email: grace@example.org, name: Grace, topics: [ssm]}
          """));
      assertThat(later).extracting(Subscriber::email).containsExactly("ADA@example.org", "grace@example.org");
      assertThat(later.get(0).id()).isEqualTo(id);
      assertThat(later.get(1).id()).isEqualTo(grace.id());
      StoredSubscriber ada = db.jdbi().withHandle(h -> new SubscriberStore(h).byId(id)).orElseThrow();
      assertThat(ada.name()).isEqualTo("Ada Lovelace");
      assertThat(ada.updatedAt()).isEqualTo(clock.instant());
      assertThat(ada.createdAt()).isEqualTo(Instant.parse("2026-03-12T06:00:00Z"));
    }
  }

  @OnBothDatabases
  void anUnsubscribeInTheDatabaseWinsOverTheFile(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Audience audience = new Audience(db.jdbi(), clock);
      String id = audience.sync(file(TWO)).get(0).id();
      clock.advanceHours(1);
      boolean done = db.jdbi().withHandle(h -> new SubscriberStore(h).unsubscribe(id, clock.instant()));
      assertThat(done).isTrue();

      clock.advanceHours(1);
      List<Subscriber> active = audience.sync(file(TWO));

      assertThat(active).isEmpty();
      StoredSubscriber ada = db.jdbi().withHandle(h -> new SubscriberStore(h).byId(id)).orElseThrow();
      assertThat(ada.status()).isEqualTo(StoredSubscriber.Status.UNSUBSCRIBED);
      assertThat(ada.unsubscribedAt()).isEqualTo(Instant.parse("2026-03-12T07:00:00Z"));
      assertThat(audience.upsert(file(TWO)).stillUnsubscribed()).isEqualTo(1);
    }
  }

  @OnBothDatabases
  void aDryRunSeesWhoTheSyncWouldLeaveActiveAndWritesNothing(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Audience audience = new Audience(db.jdbi(), clock);
      String adaId = audience.sync(file(TWO)).get(0).id();
      Instant now = clock.instant();
      db.jdbi().useHandle(h -> {
        SubscriberStore store = new SubscriberStore(h);
        store.insert(List.of(
            new StoredSubscriber("web1", "zoe@example.org", "Zoë", Subscriber.Origin.WEB,
                StoredSubscriber.Status.ACTIVE, "{\"topics\": [\"ssm\"]}", now, now, now, null),
            new StoredSubscriber("web2", "pending@example.org", "", Subscriber.Origin.WEB,
                StoredSubscriber.Status.PENDING, "{\"topics\": [\"ssm\"]}", now, now, null, null),
            new StoredSubscriber("web3", "emil@example.org", "", Subscriber.Origin.WEB,
                StoredSubscriber.Status.ACTIVE, "{\"topics\": [\"ssm\"]}", now, now, now, null)));
        store.unsubscribe(adaId, now);
      });
      TopicFile later = file(TWO + """
            - {email: kurt@example.org, name: Kurt, topics: [ssm]}
            - {email: pending@example.org, topics: [ssm]}
            - {email: Emil@example.org, name: Emil, topics: [diffusion]}
          """);
      long rowsBefore = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM subscriber").mapTo(Long.class).one());

      List<Subscriber> seen = new ArrayList<>();
      audience.forEachActiveAsIfSynced(later, seen::add);

      // ada unsubscribed, grace paused in the file, pending@ not confirmed; kurt is new (no id yet);
      // emil is listed now, so the file's entry is the one
      assertThat(seen).extracting(Subscriber::email)
          .containsExactly("kurt@example.org", "Emil@example.org", "zoe@example.org");
      assertThat(seen.get(0).id()).isNull();
      assertThat(seen.get(1).id()).isEqualTo("web3");
      assertThat(seen.get(1).topics()).extracting(Topic::title).containsExactly("Diffusion models");
      assertThat(seen.get(2).id()).isEqualTo("web1");
      long rowsAfter = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM subscriber").mapTo(Long.class).one());
      assertThat(rowsAfter).isEqualTo(rowsBefore);
      // and the sync itself agrees on everyone it has stored
      assertThat(audience.sync(later)).extracting(Subscriber::email)
          .containsExactly("kurt@example.org", "Emil@example.org", "zoe@example.org");
    }
  }

  @OnBothDatabases
  void webSubscribersAreSelectedTogetherWithFileOnes(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      TopicFile f = file(TWO);
      Instant now = clock.instant();
      db.jdbi().useHandle(h -> new SubscriberStore(h).insert(List.of(
          new StoredSubscriber("web1", "zoe@example.org", "Zoë Schrödinger", Subscriber.Origin.WEB,
              StoredSubscriber.Status.ACTIVE, "{\"topics\": [\"ssm\", {\"title\": \"Causal\", \"query\": \"causal\"}],"
              + " \"timezone\": \"America/Santiago\", \"frequency\": \"weekly:MON\", \"max_papers\": 5}",
              now, now, now, null),
          new StoredSubscriber("web2", "pending@example.org", "", Subscriber.Origin.WEB,
              StoredSubscriber.Status.PENDING, "{\"topics\": [\"ssm\"]}", now, now, null, null),
          new StoredSubscriber("web3", "broken@example.org", "", Subscriber.Origin.WEB,
              StoredSubscriber.Status.ACTIVE, "{\"topics\": [\"gone\"]}", now, now, now, null))));

      List<Subscriber> active = new Audience(db.jdbi(), clock).sync(f);

      assertThat(active).extracting(Subscriber::email).containsExactly("ada@example.org", "zoe@example.org");
      Subscriber zoe = active.get(1);
      assertThat(zoe.id()).isEqualTo("web1");
      assertThat(zoe.name()).isEqualTo("Zoë Schrödinger");
      assertThat(zoe.origin()).isEqualTo(Subscriber.Origin.WEB);
      assertThat(zoe.topics()).extracting(Topic::title).containsExactly("State space models", "Causal");
      assertThat(zoe.topics().get(0)).isSameAs(f.topics().get("ssm"));
      assertThat(zoe.maxPapers()).isEqualTo(5);
      assertThat(zoe.frequency().toString()).isEqualTo("weekly:MON");
    }
  }

  @OnBothDatabases
  void selectingFromTheStoredCatalogNeverRepeatsAPaper(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Catalog catalog = new Catalog(db.jdbi(), clock);
      Audience audience = new Audience(db.jdbi(), clock);
      RecordingDeliveryHistory history = new RecordingDeliveryHistory();
      TopicFile f = file("""
            - {email: ada@example.org, topics: [diffusion, ssm], max_papers: 50}
          """);
      Selector selector = Selector.over(db.jdbi());
      List<Set<String>> sent = new ArrayList<>();
      LocalDate[] days = {LocalDate.of(2026, 3, 12), LocalDate.of(2026, 3, 13), LocalDate.of(2026, 3, 14)};
      for (int i = 0; i < 3; i++) {
        clock.set(days[i].atTime(6, 0).toInstant(java.time.ZoneOffset.UTC));
        catalog.ingest(Seeds.source(Seeds.FILES[i]));
        clock.advanceHours(2);
        SelectionRun run = selector.prepare(clock.instant());
        List<Digest> digests = new ArrayList<>();
        audience.upsert(f);
        try (SelectionRun.Batch batch = run.batch(history, digests::add)) {
          audience.forEachActive(f, s -> {
            if (run.isDue(s)) batch.accept(s);
          });
        }
        assertThat(digests).hasSize(1);
        Digest d = digests.get(0);
        assertThat(d.date()).isEqualTo(days[i]);
        if (i == 0) {
          // a first digest holds the day's listing
          assertThat(d.picks()).isNotEmpty().allSatisfy(p -> assertThat(p.paper().listings())
              .extracting(Listing::date).contains(days[0]));
        }
        sent.add(d.picks().stream().map(p -> p.paper().id()).collect(Collectors.toSet()));
        history.record(d);
      }

      assertThat(sent.get(0)).isNotEmpty();
      assertThat(sent.get(1)).isNotEmpty().doesNotContainAnyElementsOf(sent.get(0));
      // Mar 14 re-lists RADD and others seen before: nothing already sent comes again
      assertThat(sent.get(2)).doesNotContainAnyElementsOf(sent.get(0)).doesNotContainAnyElementsOf(sent.get(1));
      assertThat(history.lookups).isEqualTo(3);
    }
  }
}
