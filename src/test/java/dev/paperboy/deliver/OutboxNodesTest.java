package dev.paperboy.deliver;

import static dev.paperboy.deliver.Fixtures.MAR14;
import static dev.paperboy.deliver.Fixtures.digest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.storage.Database;
import dev.paperboy.testing.MutableClock;
import dev.paperboy.testing.OnBothDatabases;
import dev.paperboy.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What `status` shows of the nodes sharing a database, and who composed and sent each row. */
class OutboxNodesTest {
  private static final Duration LEASE = Duration.ofMinutes(5);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T06:00:05Z"));

  @OnBothDatabases
  void rowsInFlightAreCountedPerNodeAndTheComposerAndSenderAreRecorded(Database.Dialect dialect) {
    try (Database db = TestDatabases.fresh(dialect)) {
      Outbox a = new Outbox(db, clock, "paperboy.example.org", "node-a");
      Outbox b = new Outbox(db, clock, "paperboy.example.org", "node-b");
      assertThat(a.enqueueAll(List.of(digest("s1", MAR14, "p1"), digest("s2", MAR14, "p1"), digest("s3", MAR14, "p2"))))
          .isEqualTo(3);
      assertThat(b.enqueue(digest("s4", MAR14, "p1"))).isTrue();
      Instant started = clock.instant();
      a.heartbeat("node-a", started);
      b.heartbeat("node-b", started);

      List<OutboxRow> aRows = a.claim("node-a#0", 3, LEASE, clock.instant());
      List<OutboxRow> bRows = b.claim("node-b#1", 3, LEASE, clock.instant());
      assertThat(aRows).hasSize(3);
      assertThat(bRows).hasSize(1);
      assertThat(a.inFlightByNode()).isEqualTo(Map.of("node-a", 3, "node-b", 1));

      assertThat(a.markSentAll(aRows.subList(0, 2), clock.instant())).isEqualTo(2);
      assertThat(b.markSentAll(bRows, clock.instant())).isEqualTo(1);
      assertThat(a.inFlightByNode()).isEqualTo(Map.of("node-a", 1));
      Map<String, String> sentBy = db.jdbi().withHandle(h -> h.createQuery(
              "SELECT subscriber_id, sent_by FROM outbox WHERE status = 'sent' ORDER BY subscriber_id")
          .setMapKeyColumn("subscriber_id").setMapValueColumn("sent_by")
          .collectInto(new org.jdbi.v3.core.generic.GenericType<Map<String, String>>() {}));
      assertThat(sentBy).hasSize(3).containsValue("node-b#1");
      assertThat(sentBy.values()).filteredOn(v -> v.startsWith("node-a#0")).hasSize(2);
      Map<String, String> composedBy = db.jdbi().withHandle(h -> h.createQuery(
              "SELECT subscriber_id, composed_by FROM outbox")
          .setMapKeyColumn("subscriber_id").setMapValueColumn("composed_by")
          .collectInto(new org.jdbi.v3.core.generic.GenericType<Map<String, String>>() {}));
      assertThat(composedBy).isEqualTo(Map.of("s1", "node-a", "s2", "node-a", "s3", "node-a", "s4", "node-b"));

      // node-b stops cleanly, node-a goes silent (dies) holding a row
      b.stopped("node-b");
      clock.advance(Duration.ofMinutes(10));
      Map<String, Outbox.Node> nodes = new java.util.TreeMap<>();
      for (Outbox.Node n : a.nodes()) nodes.put(n.id(), n);
      assertThat(NodeHeartbeat.liveness(nodes.get("node-b"), clock.instant(), LEASE))
          .isEqualTo(NodeHeartbeat.Liveness.STOPPED);
      assertThat(NodeHeartbeat.liveness(nodes.get("node-a"), clock.instant(), LEASE))
          .isEqualTo(NodeHeartbeat.Liveness.DEAD);
      assertThat(NodeHeartbeat.liveness(nodes.get("node-a"), started.plusSeconds(60), LEASE))
          .isEqualTo(NodeHeartbeat.Liveness.STALE);
      assertThat(NodeHeartbeat.liveness(nodes.get("node-a"), started.plusSeconds(20), LEASE))
          .isEqualTo(NodeHeartbeat.Liveness.ALIVE);

      // forgetting old nodes keeps the one that still holds a row
      assertThat(a.pruneNodes(clock.instant())).isEqualTo(1);
      assertThat(a.nodes()).extracting(Outbox.Node::id).containsExactly("node-a");
      // its row is taken over once the lease has expired, and its sender is the one recorded
      List<OutboxRow> taken = b.claim("node-b#0", 10, LEASE, clock.instant());
      assertThat(taken).hasSize(1);
      assertThat(b.markSentAll(taken, clock.instant())).isEqualTo(1);
      assertThat(a.inFlightByNode()).isEmpty();
    }
  }
}
