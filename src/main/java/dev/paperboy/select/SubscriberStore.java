package dev.paperboy.select;

import dev.paperboy.token.Base32;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** All SQL of the {@code subscriber} table. Works on the caller's handle, so the caller decides the transaction. */
public final class SubscriberStore {
  private static final int CHUNK = 500;
  private static final String COLUMNS = "id, email, name, origin, status, prefs, created_at, updated_at, confirmed_at,"
      + " unsubscribed_at";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Handle handle;

  public SubscriberStore(Handle handle) {
    this.handle = handle;
  }

  /** A new subscriber id: 128 random bits in 26 base32 letters and digits. */
  public static String newId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base32.encode(b);
  }

  public Optional<StoredSubscriber> byId(String id) {
    return one("id = :v", id);
  }

  public Optional<StoredSubscriber> byEmail(String email) {
    return one("email_key = :v", StoredSubscriber.emailKey(email));
  }

  /**
   * As {@link #byId}, and the row stays locked until the transaction ends: for a read, check, then
   * write that no other writer may come between (confirming the very choice a link was mailed for).
   */
  public Optional<StoredSubscriber> byIdForUpdate(String id) {
    return one("id = :v FOR UPDATE", id);
  }

  /** As {@link #byEmail}, and the row stays locked until the transaction ends (see {@link #byIdForUpdate}). */
  public Optional<StoredSubscriber> byEmailForUpdate(String email) {
    return one("email_key = :v FOR UPDATE", StoredSubscriber.emailKey(email));
  }

  /** The row matching {@code where}, whose one parameter is :v. */
  private Optional<StoredSubscriber> one(String where, String value) {
    return handle.createQuery("SELECT " + COLUMNS + " FROM subscriber WHERE " + where)
        .bind("v", value)
        .map((rs, ctx) -> row(rs))
        .findOne();
  }

  /** Rows by id; ids without a row are left out. */
  public Map<String, StoredSubscriber> byIds(Collection<String> ids) {
    Map<String, StoredSubscriber> out = new HashMap<>();
    List<String> all = new ArrayList<>(ids);
    for (int i = 0; i < all.size(); i += CHUNK) {
      handle.createQuery("SELECT " + COLUMNS + " FROM subscriber WHERE id IN (<ids>)")
          .bindList("ids", all.subList(i, Math.min(all.size(), i + CHUNK)))
          .map((rs, ctx) -> row(rs))
          .forEach(r -> out.put(r.id(), r));
    }
    return out;
  }

  /** Rows by lower-cased address; addresses without a row are left out. */
  public Map<String, StoredSubscriber> byEmailKeys(Collection<String> emailKeys) {
    Map<String, StoredSubscriber> out = new HashMap<>();
    List<String> all = new ArrayList<>(emailKeys);
    for (int i = 0; i < all.size(); i += CHUNK) {
      handle.createQuery("SELECT " + COLUMNS + " FROM subscriber WHERE email_key IN (<keys>)")
          .bindList("keys", all.subList(i, Math.min(all.size(), i + CHUNK)))
          .map((rs, ctx) -> row(rs))
          .forEach(r -> out.put(r.emailKey(), r));
    }
    return out;
  }

  public void insert(Collection<StoredSubscriber> rows) {
    if (rows.isEmpty()) return;
    PreparedBatch batch = handle.prepareBatch("INSERT INTO subscriber (id, email_key, email, name, origin, status, prefs,"
        + " created_at, updated_at, confirmed_at, unsubscribed_at) VALUES (:id, :key, :email, :name, :origin, :status,"
        + " :prefs, :created, :updated, :confirmed, :unsubscribed)");
    for (StoredSubscriber r : rows) bindAll(batch, r).add();
    batch.execute();
  }

  /** Rewrites everything but the id, the address key and the creation time. */
  public void update(Collection<StoredSubscriber> rows) {
    if (rows.isEmpty()) return;
    PreparedBatch batch = handle.prepareBatch("UPDATE subscriber SET email_key = :key, email = :email, name = :name,"
        + " origin = :origin, status = :status, prefs = :prefs, updated_at = :updated, confirmed_at = :confirmed,"
        + " unsubscribed_at = :unsubscribed WHERE id = :id");
    for (StoredSubscriber r : rows) bindAll(batch, r).add();
    batch.execute();
  }

  /** Marks a subscriber unsubscribed; false when there is no such subscriber or they already were. */
  public boolean unsubscribe(String id, Instant at) {
    return handle.createUpdate("UPDATE subscriber SET status = 'unsubscribed', unsubscribed_at = :at, updated_at = :at"
            + " WHERE id = :id AND status <> 'unsubscribed'")
        .bind("id", id)
        .bind("at", time(at))
        .execute() > 0;
  }

  /** Pending → active: the double opt-in link was clicked. False when the subscriber was not pending. */
  public boolean confirm(String id, Instant at) {
    return activate(id, StoredSubscriber.Status.PENDING, at);
  }

  /**
   * Bounced → active, counted as confirmed at {@code at}, so that refusals before it no longer count.
   * False when the subscriber was not bounced.
   */
  public boolean reactivate(String id, Instant at) {
    return activate(id, StoredSubscriber.Status.BOUNCED, at);
  }

  /** {@code from} → active, confirmed at {@code at}; false when the subscriber was not in {@code from}. */
  private boolean activate(String id, StoredSubscriber.Status from, Instant at) {
    return handle.createUpdate("UPDATE subscriber SET status = 'active', confirmed_at = :at, updated_at = :at"
            + " WHERE id = :id AND status = :from")
        .bind("id", id)
        .bind("from", from.sql())
        .bind("at", time(at))
        .execute() > 0;
  }

  /** The ids of active web subscribers who confirmed after {@code t}. */
  public Set<String> webConfirmedAfter(Instant t) {
    return new HashSet<>(handle.createQuery("SELECT id FROM subscriber WHERE origin = 'web' AND status = 'active'"
            + " AND confirmed_at > :t")
        .bind("t", time(t))
        .mapTo(String.class)
        .list());
  }

  /** Moves a subscriber from one status to another; false when they were not in {@code from}. */
  public boolean changeStatus(String id, StoredSubscriber.Status from, StoredSubscriber.Status to, Instant at) {
    String stamp = to == StoredSubscriber.Status.UNSUBSCRIBED ? ", unsubscribed_at = :at" : "";
    return handle.createUpdate("UPDATE subscriber SET status = :to, updated_at = :at" + stamp
            + " WHERE id = :id AND status = :from")
        .bind("id", id)
        .bind("from", from.sql())
        .bind("to", to.sql())
        .bind("at", time(at))
        .execute() > 0;
  }

  /** Streams every row, addresses in order, without holding them all; call it inside a transaction. */
  public void forEachRow(Consumer<StoredSubscriber> each) {
    handle.createQuery("SELECT " + COLUMNS + " FROM subscriber ORDER BY email_key")
        .setFetchSize(1000)
        .map((rs, ctx) -> row(rs))
        .useStream(s -> s.forEach(each));
  }

  /**
   * Streams the rows of one origin and status, in id order, without holding them all; call it inside a
   * transaction so that PostgreSQL reads with a cursor.
   */
  public void forEach(Subscriber.Origin origin, StoredSubscriber.Status status, Consumer<StoredSubscriber> each) {
    handle.createQuery("SELECT " + COLUMNS + " FROM subscriber WHERE origin = :origin AND status = :status ORDER BY id")
        .bind("origin", origin.name().toLowerCase(Locale.ROOT))
        .bind("status", status.sql())
        .setFetchSize(1000)
        .map((rs, ctx) -> row(rs))
        .useStream(s -> s.forEach(each));
  }

  public int count() {
    return handle.createQuery("SELECT COUNT(*) FROM subscriber").mapTo(Integer.class).one();
  }

  public int count(StoredSubscriber.Status status) {
    return handle.createQuery("SELECT COUNT(*) FROM subscriber WHERE status = :status").bind("status", status.sql())
        .mapTo(Integer.class).one();
  }

  private static PreparedBatch bindAll(PreparedBatch b, StoredSubscriber r) {
    return b.bind("id", r.id())
        .bind("key", r.emailKey())
        .bind("email", r.email())
        .bind("name", r.name())
        .bind("origin", r.origin().name().toLowerCase(Locale.ROOT))
        .bind("status", r.status().sql())
        .bind("prefs", r.prefs())
        .bind("created", time(r.createdAt()))
        .bind("updated", time(r.updatedAt()))
        .bind("confirmed", time(r.confirmedAt()))
        .bind("unsubscribed", time(r.unsubscribedAt()));
  }

  private static OffsetDateTime time(Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static StoredSubscriber row(ResultSet rs) throws SQLException {
    return new StoredSubscriber(
        rs.getString("id"),
        rs.getString("email"),
        rs.getString("name"),
        Subscriber.Origin.valueOf(rs.getString("origin").toUpperCase(Locale.ROOT)),
        StoredSubscriber.Status.of(rs.getString("status")),
        rs.getString("prefs"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        instant(rs, "confirmed_at"),
        instant(rs, "unsubscribed_at"));
  }
}
