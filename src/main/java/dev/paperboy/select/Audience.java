package dev.paperboy.select;

import dev.paperboy.config.Problem;
import dev.paperboy.storage.InsertRace;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everyone who gets digests: the topic file's subscribers and the web's, with their stable ids.
 *
 * <p>The topic file is authoritative for its subscribers' preferences and for pausing them, but an
 * unsubscribe recorded in the database (one click in a mail) always wins over the file: a listed
 * address that unsubscribed stays unsubscribed until it signs up again.
 */
public final class Audience {
  private static final Logger log = LoggerFactory.getLogger(Audience.class);

  private final Jdbi jdbi;
  private final Clock clock;

  public Audience(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /**
   * What {@link #upsert} changed.
   *
   * @param paused the ids of listed subscribers the file paused in this sync (active until then)
   */
  public record SyncReport(int added, int updated, int unchanged, int stillUnsubscribed, List<String> paused) {
    public SyncReport {
      paused = List.copyOf(paused);
    }
  }

  /**
   * Records the file's subscribers: new addresses get an id and status active (or paused); known ones
   * take the file's name, spelling of the address, origin and paused state, except that an
   * unsubscribed one stays unsubscribed and one who signed up on the web stays pending until they
   * confirm. One transaction. Nodes sharing a database may sync the same file at once: the one whose
   * new rows lose the race reads them back and syncs again.
   */
  public SyncReport upsert(TopicFile file) {
    return InsertRace.retry(3, () -> upsertOnce(file));
  }

  private SyncReport upsertOnce(TopicFile file) {
    Instant now = clock.instant();
    return jdbi.inTransaction(h -> {
      SubscriberStore store = new SubscriberStore(h);
      Map<String, TopicFile.Entry> entries = new HashMap<>();
      for (TopicFile.Entry e : file.entries()) entries.put(e.subscriber().emailKey(), e);
      Map<String, StoredSubscriber> existing = store.byEmailKeys(entries.keySet());
      List<StoredSubscriber> inserts = new ArrayList<>();
      List<StoredSubscriber> updates = new ArrayList<>();
      int unchanged = 0;
      int unsubscribed = 0;
      List<String> paused = new ArrayList<>();
      for (TopicFile.Entry e : file.entries()) {
        Subscriber s = e.subscriber();
        StoredSubscriber.Status wanted = e.paused() ? StoredSubscriber.Status.PAUSED : StoredSubscriber.Status.ACTIVE;
        StoredSubscriber row = existing.get(s.emailKey());
        if (row == null) {
          inserts.add(new StoredSubscriber(SubscriberStore.newId(), s.email(), s.name(), Subscriber.Origin.FILE, wanted,
              null, now, now, now, null));
          continue;
        }
        boolean out = row.status() == StoredSubscriber.Status.UNSUBSCRIBED;
        boolean pending = row.status() == StoredSubscriber.Status.PENDING;
        if (out) unsubscribed++;
        StoredSubscriber.Status status = statusAfterSync(row, e);
        if (status == StoredSubscriber.Status.PAUSED && row.status() == StoredSubscriber.Status.ACTIVE) paused.add(row.id());
        Instant confirmed = row.confirmedAt() != null || out || pending ? row.confirmedAt() : now;
        StoredSubscriber next = new StoredSubscriber(row.id(), s.email(), s.name(), Subscriber.Origin.FILE, status,
            row.prefs(), row.createdAt(), row.updatedAt(), confirmed, row.unsubscribedAt());
        if (next.equals(row)) {
          unchanged++;
        } else {
          updates.add(new StoredSubscriber(next.id(), next.email(), next.name(), next.origin(), next.status(),
              next.prefs(), next.createdAt(), now, next.confirmedAt(), next.unsubscribedAt()));
        }
      }
      store.insert(inserts);
      store.update(updates);
      return new SyncReport(inserts.size(), updates.size(), unchanged, unsubscribed, paused);
    });
  }

  /**
   * A listed address's stored status once the file is synced: the file's paused or active, except that
   * an unsubscribe stays, and so does a web sign-up not confirmed yet (being listed is no consent) and
   * an address stopped for refusing mail (listing it again does not make its mailbox exist).
   */
  private static StoredSubscriber.Status statusAfterSync(StoredSubscriber row, TopicFile.Entry e) {
    if (row.status() == StoredSubscriber.Status.UNSUBSCRIBED || row.status() == StoredSubscriber.Status.PENDING
        || row.status() == StoredSubscriber.Status.BOUNCED) {
      return row.status();
    }
    return e.paused() ? StoredSubscriber.Status.PAUSED : StoredSubscriber.Status.ACTIVE;
  }

  /**
   * Hands over every active subscriber with their id: the file's (as the file describes them) and the
   * web's (from their stored preferences, whose topic names refer to the file's topics). Streams: the
   * web subscribers are never all in memory at once. A web subscriber whose preferences are no longer
   * usable (every topic they chose is gone from the file) is skipped with a warning in the log.
   * Whether a subscriber is due today is for the caller ({@link SelectionRun#isDue}).
   */
  public void forEachActive(TopicFile file, Consumer<Subscriber> each) {
    forEachActive(file, false, each);
  }

  /**
   * Who {@link #forEachActive(TopicFile, Consumer)} would hand over after an {@link #upsert} of this
   * file, without writing anything (a dry run): the file's addresses the database has not seen yet come
   * without an id, and a stored unsubscribe or pending sign-up still wins over the file.
   */
  public void forEachActiveAsIfSynced(TopicFile file, Consumer<Subscriber> each) {
    forEachActive(file, true, each);
  }

  private void forEachActive(TopicFile file, boolean asIfSynced, Consumer<Subscriber> each) {
    jdbi.useTransaction(h -> {
      SubscriberStore store = new SubscriberStore(h);
      Map<String, TopicFile.Entry> entries = new HashMap<>();
      for (TopicFile.Entry e : file.entries()) entries.put(e.subscriber().emailKey(), e);
      Map<String, StoredSubscriber> rows = store.byEmailKeys(entries.keySet());
      for (TopicFile.Entry e : file.entries()) {
        StoredSubscriber row = rows.get(e.subscriber().emailKey());
        if (asIfSynced) {
          if (!e.paused() && (row == null || statusAfterSync(row, e) == StoredSubscriber.Status.ACTIVE)) {
            each.accept(e.subscriber().withId(row == null ? null : row.id()));
          }
          continue;
        }
        if (row == null) {
          log.warn("{} is in {} but not in the database: run the sync first", e.subscriber().email(), file.file());
          continue;
        }
        if (row.origin() == Subscriber.Origin.FILE && row.status() == StoredSubscriber.Status.ACTIVE) {
          each.accept(e.subscriber().withId(row.id()));
        }
      }
      Prefs.Reader prefs = new Prefs.Reader(file);
      store.forEach(Subscriber.Origin.WEB, StoredSubscriber.Status.ACTIVE, row -> {
        if (entries.containsKey(row.emailKey())) return; // listed in the file: the file's entry is the one
        Prefs.Result r = prefs.read("subscriber " + row.id() + " prefs", row.prefs(), row.id(), row.email(), row.name());
        for (Problem p : r.problems()) log.warn("{}", p);
        r.subscriber().ifPresent(each);
      });
    });
  }

  /**
   * {@link #forEachActive(TopicFile, Consumer)} for these stored subscribers only, in the order given:
   * what one chunk of a slot needs, read without going through everyone. Ids that are no longer active
   * (unsubscribed or paused since) are skipped.
   */
  public void forEachActive(TopicFile file, List<String> ids, Consumer<Subscriber> each) {
    Map<String, StoredSubscriber> rows = jdbi.withHandle(h -> new SubscriberStore(h).byIds(ids));
    Map<String, TopicFile.Entry> entries = new HashMap<>();
    for (TopicFile.Entry e : file.entries()) entries.put(e.subscriber().emailKey(), e);
    for (String id : ids) {
      StoredSubscriber row = rows.get(id);
      if (row == null || row.status() != StoredSubscriber.Status.ACTIVE) continue;
      TopicFile.Entry entry = entries.get(row.emailKey());
      if (row.origin() == Subscriber.Origin.FILE) {
        if (entry != null) each.accept(entry.subscriber().withId(row.id()));
        else log.warn("subscriber {} is no longer in {}: skipped", row.id(), file.file());
        continue;
      }
      if (entry != null) continue; // listed in the file: the file's entry is the one
      Prefs.Result r = Prefs.read("subscriber " + row.id() + " prefs", row.prefs(), file, row.id(), row.email(),
          row.name());
      for (Problem p : r.problems()) log.warn("{}", p);
      r.subscriber().ifPresent(each);
    }
  }

  /**
   * One subscriber by address, whatever their status, without writing anything: the file's entry
   * (with its stored id when it has one, else null) or a web subscriber's stored preferences.
   */
  public Optional<Subscriber> find(TopicFile file, String email) {
    String key = StoredSubscriber.emailKey(email);
    return jdbi.withHandle(h -> {
      Optional<StoredSubscriber> row = new SubscriberStore(h).byEmail(email);
      for (TopicFile.Entry e : file.entries()) {
        if (e.subscriber().emailKey().equals(key)) {
          return Optional.of(e.subscriber().withId(row.map(StoredSubscriber::id).orElse(null)));
        }
      }
      return row.filter(r -> r.origin() == Subscriber.Origin.WEB)
          .flatMap(r -> Prefs.read("subscriber " + r.id() + " prefs", r.prefs(), file, r.id(), r.email(), r.name())
              .subscriber());
    });
  }

  /**
   * Web subscribers who confirmed after {@code dueAt}: a slot that was due before they signed up is not
   * theirs, even when it runs late (caught up after a restart). The confirmation page promised them the
   * next send time; the topic file's subscribers are the operator's, and a slot caught up on the first
   * start includes them.
   */
  public Set<String> joinedAfter(Instant dueAt) {
    return jdbi.withHandle(h -> new SubscriberStore(h).webConfirmedAfter(dueAt));
  }

  /** {@link #upsert} then {@link #forEachActive}, collected: the subscribers to select for, with their ids. */
  public List<Subscriber> sync(TopicFile file) {
    upsert(file);
    List<Subscriber> out = new ArrayList<>();
    forEachActive(file, out::add);
    return out;
  }
}
