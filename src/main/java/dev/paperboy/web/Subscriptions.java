package dev.paperboy.web;

import dev.paperboy.deliver.Outbox;
import dev.paperboy.render.ConfirmRenderer;
import dev.paperboy.select.Prefs;
import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.select.StoredSubscriber.Status;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.SubscriberStore;
import dev.paperboy.select.TopicFile;
import dev.paperboy.storage.InsertRace;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * What the web pages do to subscribers. Every change is one transaction on the subscriber table;
 * mails go through the outbox afterwards.
 *
 * <p>Who manages whom: an address the topic file lists is the admin's. Its settings are the file's,
 * but its owner may still unsubscribe (the database's unsubscribe wins over the file), sign up again,
 * and must then confirm like anyone else. Everyone else who came from the web keeps their
 * preferences in {@code subscriber.prefs}, in {@link Prefs}' format.
 */
final class Subscriptions {
  /** What confirming did. */
  enum Confirmation {
    NOW_ACTIVE,
    ALREADY_ACTIVE,
    NOT_PENDING,
    UNKNOWN,
    /** The address was signed up again after the link was mailed: it confirms nothing now. */
    SUPERSEDED
  }

  private final Jdbi jdbi;
  private final Outbox outbox;
  private final ConfirmMailer mailer;
  private final Clock clock;

  Subscriptions(Jdbi jdbi, Outbox outbox, ConfirmMailer mailer, Clock clock) {
    this.jdbi = jdbi;
    this.outbox = outbox;
    this.mailer = mailer;
    this.clock = clock;
  }

  /**
   * The sign-up form: a new or pending address (or one that had unsubscribed) is stored as pending with
   * its choice and gets the confirmation mail; an address already subscribed gets its manage link
   * instead, unchanged. The page says the same either way, so the form never tells who is subscribed.
   *
   * @return which mail was queued
   */
  ConfirmRenderer.Variant signUp(Choice c, TopicFile file) {
    // two sign-ups of one new address at once: the second insert breaks the unique address; look again
    return InsertRace.retry(2, () -> signUpOnce(c, file));
  }

  private ConfirmRenderer.Variant signUpOnce(Choice c, TopicFile file) {
    Instant now = clock.instant();
    boolean listed = file.lists(c.email());
    Subscriber.Origin origin = listed ? Subscriber.Origin.FILE : Subscriber.Origin.WEB;
    String prefs = listed ? null : prefs(c, file, null);
    StoredSubscriber[] mailTo = new StoredSubscriber[1];
    ConfirmRenderer.Variant variant = jdbi.inTransaction(h -> {
      SubscriberStore store = new SubscriberStore(h);
      // locked: a confirm of this row in between would otherwise be undone by the write below
      Optional<StoredSubscriber> existing = store.byEmailForUpdate(c.email());
      if (existing.isEmpty()) {
        StoredSubscriber s = new StoredSubscriber(SubscriberStore.newId(), c.email(), c.name(), origin, Status.PENDING,
            prefs, now, now, null, null);
        store.insert(java.util.List.of(s));
        mailTo[0] = s;
        return ConfirmRenderer.Variant.CONFIRM;
      }
      StoredSubscriber row = existing.get();
      if (subscribed(row, listed)) {
        mailTo[0] = row;
        return ConfirmRenderer.Variant.ALREADY_SUBSCRIBED;
      }
      // pending (the latest choice is stored, and only the link mailed for it confirms it), unsubscribed,
      // or dropped from the file: pending again
      StoredSubscriber next = new StoredSubscriber(row.id(), listed ? row.email() : c.email(),
          listed ? row.name() : c.name(), origin, Status.PENDING, listed ? row.prefs() : prefs, row.createdAt(), now,
          null, row.unsubscribedAt());
      store.update(java.util.List.of(next));
      mailTo[0] = next;
      return ConfirmRenderer.Variant.CONFIRM;
    });
    mailer.send(variant, mailTo[0]);
    outbox.persist();
    return variant;
  }

  /**
   * Pending → active, when the pending choice is still the one the link was mailed for. The row is
   * locked from the check to the write, so a sign-up in between cannot slip another choice under it.
   */
  Confirmation confirm(ConfirmTokens.Verified link) {
    Instant now = clock.instant();
    String id = link.subscriberId();
    Confirmation done = jdbi.inTransaction(h -> {
      SubscriberStore store = new SubscriberStore(h);
      Optional<StoredSubscriber> row = store.byIdForUpdate(id);
      if (row.isEmpty()) return Confirmation.UNKNOWN;
      return switch (row.get().status()) {
        case PENDING -> !link.isFor(row.get()) ? Confirmation.SUPERSEDED
            : store.confirm(id, now) ? Confirmation.NOW_ACTIVE : Confirmation.ALREADY_ACTIVE;
        case ACTIVE, PAUSED -> Confirmation.ALREADY_ACTIVE;
        case UNSUBSCRIBED, BOUNCED -> Confirmation.NOT_PENDING;
      };
    });
    outbox.persist();
    return done;
  }

  Optional<StoredSubscriber> find(String id) {
    return jdbi.withHandle(h -> new SubscriberStore(h).byId(id));
  }

  /**
   * Unsubscribes at once: status unsubscribed and every queued mail of theirs cancelled. Idempotent.
   *
   * @return false when there is no such subscriber
   */
  boolean unsubscribe(String id) {
    Instant now = clock.instant();
    boolean known = jdbi.inTransaction(h -> {
      SubscriberStore store = new SubscriberStore(h);
      if (store.byId(id).isEmpty()) return false;
      store.unsubscribe(id, now);
      return true;
    });
    if (known) outbox.cancelFor(id);
    // the page will say they are unsubscribed: that must hold even if the process dies next
    outbox.persist();
    return known;
  }

  /** Active → paused; their queued digest is cancelled too. False when they were not active. */
  boolean pause(String id) {
    boolean paused = jdbi.inTransaction(h -> new SubscriberStore(h).changeStatus(id, Status.ACTIVE, Status.PAUSED,
        clock.instant()));
    if (paused) outbox.cancelFor(id);
    outbox.persist();
    return paused;
  }

  /** Paused → active. */
  boolean resume(String id) {
    boolean resumed = jdbi.inTransaction(h -> new SubscriberStore(h).changeStatus(id, Status.PAUSED, Status.ACTIVE,
        clock.instant()));
    outbox.persist();
    return resumed;
  }

  /**
   * The manage form: stores a web subscriber's new choice (and, with {@code resubscribe}, makes an
   * unsubscribed or bounced one active again: the manage link came by mail, so it proves the address). A file
   * subscriber's choice is the file's: only resubscribing applies to them.
   *
   * @return false when there is no such subscriber
   */
  boolean update(String id, Choice c, TopicFile file, boolean resubscribe) {
    Instant now = clock.instant();
    boolean known = jdbi.inTransaction(h -> {
      SubscriberStore store = new SubscriberStore(h);
      Optional<StoredSubscriber> found = store.byId(id);
      if (found.isEmpty()) return false;
      StoredSubscriber row = found.get();
      boolean listed = file.lists(row.email());
      boolean stopped = row.status() == Status.UNSUBSCRIBED || row.status() == Status.BOUNCED;
      Status status = resubscribe && stopped ? Status.ACTIVE : row.status();
      // back after their address refused mail: they say it works again, and its old refusals no longer count
      boolean unbounced = status == Status.ACTIVE && row.status() == Status.BOUNCED;
      Instant confirmed = row.confirmedAt() != null && !unbounced ? row.confirmedAt()
          : status == Status.ACTIVE ? now : null;
      StoredSubscriber next = listed || c == null
          ? new StoredSubscriber(row.id(), row.email(), row.name(), row.origin(), status, row.prefs(), row.createdAt(),
              now, confirmed, row.unsubscribedAt())
          : new StoredSubscriber(row.id(), row.email(), c.name(), Subscriber.Origin.WEB, status,
              prefs(c, file, current(row, file).orElse(null)), row.createdAt(), now, confirmed, row.unsubscribedAt());
      store.update(java.util.List.of(next));
      return true;
    });
    outbox.persist();
    return known;
  }

  /** A web subscriber's stored preferences as a subscriber, when they are usable. */
  static Optional<Subscriber> current(StoredSubscriber row, TopicFile file) {
    if (row.prefs() == null) return Optional.empty();
    return Prefs.read("subscriber " + row.id() + " prefs", row.prefs(), file, row.id(), row.email(), row.name())
        .subscriber();
  }

  /** Gets digests, or would if not paused: what the sign-up form must not disturb. */
  private static boolean subscribed(StoredSubscriber row, boolean listed) {
    boolean in = row.status() == Status.ACTIVE || row.status() == Status.PAUSED;
    // a file subscriber the admin has since removed from the file gets nothing: they may sign up anew
    return in && (listed || row.origin() == Subscriber.Origin.WEB);
  }

  /**
   * The preferences JSON for a choice; what the form does not offer (exclude, max papers, sending
   * empty digests) is kept from {@code before}, else the topic file's defaults.
   */
  private static String prefs(Choice c, TopicFile file, Subscriber before) {
    TopicFile.Defaults d = file.defaults();
    Subscriber s = new Subscriber(null, c.email().isEmpty() && before != null ? before.email() : c.email(), c.name(),
        c.topics(), before != null ? before.exclude() : d.exclude(), c.zone(), c.sendAt(), c.frequency(),
        before != null ? before.maxPapers() : d.maxPapers(), before != null ? before.sendEmpty() : d.sendEmpty(),
        Subscriber.Origin.WEB);
    return Prefs.write(s, file);
  }
}
