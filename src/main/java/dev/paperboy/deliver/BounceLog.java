package dev.paperboy.deliver;

import dev.paperboy.config.PaperboyConfig;
import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.select.SubscriberStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All SQL of the {@code bounce} table, and the rule it serves: an address that refuses mail for good
 * ({@link SendFailure#refusesAddress}, or a returned delivery status notification) {@code limit} times
 * within {@code window}, counted from when the subscriber last confirmed, gets no more mail. Sending on
 * to a mailbox that does not exist is what mailbox providers watch for; each refusal counts against
 * the sender's reputation, and so against every other subscriber's delivery.
 */
public final class BounceLog {
  private static final Logger LOG = LoggerFactory.getLogger(BounceLog.class);

  /** How the refusal reached us. */
  public enum Source {
    /** The server's reply while sending. */
    SMTP,
    /** A delivery status notification that came back to the bounce address. */
    DSN;

    String sql() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One refusal, as stored. */
  public record Bounce(String subscriberId, String email, Long outboxId, Source source, String reply, Instant at) {}

  /**
   * @param count  refusals within {@code window} that stop an address's mail; 0: never stop
   */
  public record Limit(int count, Duration window) {
    public static Limit from(PaperboyConfig.Delivery d) {
      return new Limit(d.bounceLimit(), d.bounceWindow());
    }
  }

  /**
   * What recording a refusal did: how many count now, whether this one stopped the subscriber's mail,
   * and whether the message's refusal had been recorded already (a report that came twice: not counted again).
   */
  public record Recorded(int counted, boolean stopped, boolean repeated) {}

  private final Jdbi jdbi;
  private final Outbox outbox;
  private final Clock clock;
  private final Limit limit;

  /** Refusals are stored in the outbox's database; a stopped subscriber's queued mail is cancelled there. */
  public BounceLog(Outbox outbox, Clock clock, Limit limit) {
    this.jdbi = outbox.jdbi();
    this.outbox = outbox;
    this.clock = clock;
    this.limit = limit;
  }

  public Limit limit() {
    return limit;
  }

  /**
   * Stores one refusal of mail to a subscriber; when it makes {@link Limit#count} within the window
   * since they last confirmed, an active subscriber becomes bounced and their queued mail is cancelled.
   * A message counts once: a second report of the same outbox row is not stored.
   */
  public Recorded record(String subscriberId, String email, Long outboxId, Source source, String reply) {
    Instant now = clock.instant();
    Recorded r = jdbi.inTransaction(h -> {
      SubscriberStore store = new SubscriberStore(h);
      Optional<StoredSubscriber> row = store.byIdForUpdate(subscriberId); // also orders two reports of one message
      boolean repeated = outboxId != null && h.createQuery("SELECT COUNT(*) FROM bounce WHERE subscriber_id = :subscriber"
              + " AND outbox_id = :outbox")
          .bind("subscriber", subscriberId)
          .bind("outbox", outboxId)
          .mapTo(Integer.class)
          .one() > 0;
      if (repeated) return new Recorded(row.map(s -> counted(h, s, now)).orElse(0), false, true);
      h.createUpdate("INSERT INTO bounce (subscriber_id, email, outbox_id, source, reply, bounced_at)"
              + " VALUES (:subscriber, :email, :outbox, :source, :reply, :at)")
          .bind("subscriber", subscriberId)
          .bind("email", email)
          .bind("outbox", outboxId)
          .bind("source", source.sql())
          .bind("reply", reply)
          .bind("at", Outbox.ts(now))
          .execute();
      if (row.isEmpty()) return new Recorded(0, false, false);
      int counted = counted(h, row.get(), now);
      boolean stop = limit.count() > 0 && counted >= limit.count()
          && store.changeStatus(subscriberId, StoredSubscriber.Status.ACTIVE, StoredSubscriber.Status.BOUNCED, now);
      return new Recorded(counted, stop, false);
    });
    if (r.stopped()) {
      outbox.cancelFor(subscriberId);
      LOG.warn("{} refused {} messages for good since {}: no more mail to them (status bounced); last reply: {}",
          email, r.counted(), now.minus(limit.window()), reply);
    }
    outbox.persist();
    return r;
  }

  /** The refusals that count against a subscriber now: within the window, and after they last confirmed. */
  public int counted(StoredSubscriber s) {
    Instant now = clock.instant();
    return jdbi.withHandle(h -> counted(h, s, now));
  }

  private int counted(Handle h, StoredSubscriber s, Instant now) {
    Instant since = now.minus(limit.window());
    if (s.confirmedAt() != null && s.confirmedAt().isAfter(since)) since = s.confirmedAt();
    return h.createQuery("SELECT COUNT(*) FROM bounce WHERE subscriber_id = :subscriber AND bounced_at > :since")
        .bind("subscriber", s.id())
        .bind("since", Outbox.ts(since))
        .mapTo(Integer.class)
        .one();
  }

  /** A subscriber's latest refusals, newest first. */
  public List<Bounce> latest(String subscriberId, int max) {
    return jdbi.withHandle(h -> h.createQuery("SELECT subscriber_id, email, outbox_id, source, reply, bounced_at"
            + " FROM bounce WHERE subscriber_id = :subscriber ORDER BY bounced_at DESC, id DESC")
        .bind("subscriber", subscriberId)
        .setMaxRows(max)
        .map((rs, ctx) -> new Bounce(rs.getString("subscriber_id"), rs.getString("email"),
            rs.getObject("outbox_id") == null ? null : rs.getLong("outbox_id"),
            Source.valueOf(rs.getString("source").toUpperCase(Locale.ROOT)), rs.getString("reply"),
            rs.getObject("bounced_at", OffsetDateTime.class).toInstant()))
        .list());
  }

  /** Refusals recorded since {@code since}, of anyone. */
  public int count(Instant since) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM bounce WHERE bounced_at > :since")
        .bind("since", Outbox.ts(since))
        .mapTo(Integer.class)
        .one());
  }

  /**
   * Deletes (or with {@code dryRun} counts) the refusals recorded before {@code before}: older than the
   * window they no longer count, and the log should not grow without end.
   */
  public int prune(Instant before, boolean dryRun) {
    String where = " FROM bounce WHERE bounced_at < :before";
    return jdbi.withHandle(h -> dryRun
        ? h.createQuery("SELECT COUNT(*)" + where).bind("before", Outbox.ts(before)).mapTo(Integer.class).one()
        : h.createUpdate("DELETE" + where).bind("before", Outbox.ts(before)).execute());
  }
}
