package dev.paperboy.deliver;

import dev.paperboy.deliver.OutboxRow.Kind;
import dev.paperboy.deliver.OutboxRow.Status;
import dev.paperboy.select.Selector;
import dev.paperboy.select.SentPapers;
import dev.paperboy.storage.Database;
import dev.paperboy.storage.JsonColumns;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * All SQL of the outbox (a sent row's paper_ids are the papers sent to its subscriber), the bodies and
 * the node table. Each method is its own transaction.
 *
 * <p>Life of a row: {@code queued} → (claim) {@code sending} → {@code sent} | {@code failed} |
 * {@code expired}, or back to {@code queued} with a later {@code next_attempt_at} after a temporary
 * failure, or back to {@code queued} as it was when its sender shuts down cleanly ({@link #release}).
 * A {@code sending} row whose lease has expired belongs to a sender that died: the next claim takes it
 * over. Methods that finish a claimed row ({@link #retryLater}, {@link #fail}, {@link #expire}) only
 * act while the caller still holds the lease, so a sender that lost its row to another cannot undo
 * that one's work; {@link #markSent} always records a sent message, because it went out.
 */
public final class Outbox {
  /** Ids per IN list: well under PostgreSQL's 32767 bind parameters and H2's limits. */
  static final int CHUNK = 1000;
  private static final String COLUMNS = "id, public_id, subscriber_id, email, digest_date, window_end, body_id,"
      + " recipient, paper_ids, message_id, kind, resend_no, resend_of, status, attempts, next_attempt_at,"
      + " lease_owner, lease_until, last_error, created_at, queued_at, sent_at";

  /**
   * H2 claims in two steps, reading up to this many due ids per wanted row in index order first,
   * without locks: combined with FOR UPDATE it sorts every due row instead (100 ms per claim with
   * 20,000 queued rows). Rows that concurrent claimers hold are skipped, so the reserve must cover them.
   */
  private static final int H2_CANDIDATES_PER_ROW = 16;
  /** Subscribers whose cancel a sender may still need to know of: more in a few minutes is not expected. */
  private static final int CANCELLED_KEPT = 10_000;

  private final Database db;
  private final Jdbi jdbi;
  private final Database.Dialect dialect;
  private final Clock clock;
  private final String mailDomain;
  private final String nodeId;
  private final SecureRandom random = new SecureRandom();
  /** When this process last cancelled each subscriber's mail (see {@link #cancelledAfter}). */
  private final Map<String, Instant> cancelled = new ConcurrentHashMap<>();
  /**
   * Bodies' paper lists for {@link #history}. Five weeks of bodies at 100,000 subscribers (the
   * benchmark's 9,300 topic mixes a day) are 320,000, about 40 MB; more than fit, the oldest go first.
   */
  private final BodyPaperCache bodyPaperCache = new BodyPaperCache(BODY_PAPERS_KEPT);
  private final HistoryReader historyReader;
  static final int BODY_PAPERS_KEPT = 400_000;

  /**
   * @param mailDomain the right-hand side of the Message-IDs given to new rows (config mail.domain)
   */
  public Outbox(Database db, Clock clock, String mailDomain) {
    this(db, clock, mailDomain, null);
  }

  /**
   * @param nodeId recorded as composed_by of the rows this outbox queues (serve.node_id); null: not recorded
   */
  public Outbox(Database db, Clock clock, String mailDomain, String nodeId) {
    this.db = db;
    this.jdbi = db.jdbi();
    this.dialect = db.dialect();
    this.clock = clock;
    this.mailDomain = mailDomain;
    this.nodeId = nodeId;
    this.historyReader = new HistoryReader(jdbi, dialect, clock, bodyPaperCache);
  }

  /** For the stores that live beside the outbox (the bounce log): same database, their own SQL. */
  Jdbi jdbi() {
    return jdbi;
  }

  // ---------------------------------------------------------------- composing

  /** Stores one digest; false when that subscriber already has a digest for that date (nothing changes). */
  public boolean enqueue(Composed c) {
    return enqueueAll(List.of(c)) == 1;
  }

  /**
   * Stores digests in one transaction, each body once; digests whose subscriber already has one for
   * that date are skipped. Safe to run twice, or on two nodes at once.
   *
   * @return how many were new
   */
  public int enqueueAll(List<Composed> digests) {
    if (digests.isEmpty()) return 0;
    Instant now = clock.instant();
    return jdbi.inTransaction(h -> {
      List<Composed> fresh = withoutStored(h, digests);
      if (fresh.isEmpty()) return 0;
      Map<String, Long> bodyIds = storeBodies(h, fresh, now);
      PreparedBatch batch = h.prepareBatch("INSERT INTO outbox (public_id, subscriber_id, email, digest_date,"
          + " window_end, body_id, recipient, paper_ids, message_id, kind, resend_no, status, attempts,"
          + " next_attempt_at, created_at, queued_at, updated_at, composed_by) VALUES (:publicId, :subscriber, :email,"
          + " :date, :windowEnd, :bodyId, :recipient, :paperIds, :messageId, 'digest', 0, :status, 0, :now, :now, :now,"
          + " :now, :node) ON CONFLICT DO NOTHING");
      for (Composed c : fresh) {
        String publicId = newPublicId();
        batch.bind("publicId", publicId)
            .bind("subscriber", c.subscriberId())
            .bind("email", c.email())
            .bind("date", c.digestDate())
            .bind("windowEnd", ts(c.windowEnd()))
            .bind("bodyId", c.isEmpty() ? null : bodyIds.get(c.body().storageKey(c.paperIds())))
            .bind("recipient", json(c.recipient()))
            .bind("paperIds", json(c.paperIds()))
            .bind("messageId", c.isEmpty() ? null : messageId(c.digestDate(), publicId))
            .bind("status", (c.isEmpty() ? Status.EMPTY : Status.QUEUED).sql())
            .bind("now", ts(now))
            .bind("node", nodeId)
            .add();
      }
      int added = 0;
      for (int n : batch.execute()) added += n;
      return added;
    });
  }

  /**
   * The digests whose subscriber has none for that date yet: a composition that runs again stores
   * neither its rows (ON CONFLICT would skip them) nor bodies no row would use.
   */
  private static List<Composed> withoutStored(Handle h, List<Composed> digests) {
    Set<String> stored = new HashSet<>();
    Set<LocalDate> dates = digests.stream().map(Composed::digestDate).collect(Collectors.toSet());
    for (List<String> chunk : chunks(digests.stream().map(Composed::subscriberId).collect(Collectors.toSet()))) {
      h.createQuery("SELECT o.subscriber_id, o.digest_date FROM UNNEST(CAST(:ids AS VARCHAR ARRAY)) AS t(id)"
              + " JOIN outbox o ON o.subscriber_id = t.id WHERE o.digest_date IN (<dates>) AND o.kind = 'digest'")
          .bindArray("ids", String.class, chunk)
          .bindList("dates", List.copyOf(dates))
          .map((rs, ctx) -> stored.add(rs.getString(1) + '\n' + rs.getObject(2, LocalDate.class)))
          .list();
    }
    if (stored.isEmpty()) return digests;
    return digests.stream().filter(c -> !stored.contains(c.subscriberId() + '\n' + c.digestDate())).toList();
  }

  /**
   * Stores each distinct body with its papers once, and keeps the papers for {@link #history}. (Should
   * the transaction roll back, the kept ids belong to no row, and no history asks for them.)
   *
   * @return the body ids by {@link DigestBody#storageKey}
   */
  private Map<String, Long> storeBodies(Handle h, List<Composed> digests, Instant now) {
    Map<String, DigestBody> byHash = new LinkedHashMap<>();
    Map<String, List<String>> papers = new HashMap<>();
    for (Composed c : digests) {
      if (c.isEmpty()) continue;
      String key = c.body().storageKey(c.paperIds());
      if (byHash.putIfAbsent(key, c.body()) == null) papers.put(key, c.paperIds());
    }
    Map<String, Long> ids = new HashMap<>();
    if (byHash.isEmpty()) return ids;
    PreparedBatch insert = h.prepareBatch("INSERT INTO digest_body (content_hash, subject, html, text, paper_ids,"
        + " created_at) VALUES (:hash, :subject, :html, :text, :paperIds, :now) ON CONFLICT DO NOTHING");
    byHash.forEach((hash, b) -> insert.bind("hash", hash).bind("subject", b.subject()).bind("html", b.html())
        .bind("text", b.text()).bind("paperIds", json(papers.get(hash))).bind("now", ts(now)).add());
    insert.execute();
    for (List<String> chunk : chunks(byHash.keySet())) {
      h.createQuery("SELECT id, content_hash FROM digest_body WHERE content_hash IN (<hashes>)")
          .bindList("hashes", chunk)
          .map((rs, ctx) -> Map.entry(rs.getString("content_hash"), rs.getLong("id")))
          .forEach(e -> ids.put(e.getKey(), e.getValue()));
    }
    storeWireBodies(h, byHash, ids);
    ids.forEach((key, id) -> bodyPaperCache.put(id, papers.get(key)));
    return ids;
  }

  /** The wire form ({@link WireBody}) of each body that has none yet: encoded here, once per body. */
  private static void storeWireBodies(Handle h, Map<String, DigestBody> byHash, Map<String, Long> ids) {
    Set<Long> have = new HashSet<>();
    for (List<Long> chunk : chunks(ids.values())) {
      h.createQuery("SELECT body_id FROM digest_body_wire WHERE body_id IN (<ids>)").bindList("ids", chunk)
          .mapTo(Long.class).forEach(have::add);
    }
    PreparedBatch insert = h.prepareBatch("INSERT INTO digest_body_wire (body_id, subject, html, text)"
        + " VALUES (:id, :subject, :html, :text) ON CONFLICT DO NOTHING");
    boolean any = false;
    for (Map.Entry<String, DigestBody> e : byHash.entrySet()) {
      Long id = ids.get(e.getKey());
      if (id == null || have.contains(id)) continue;
      WireBody w = WireBody.of(e.getValue());
      insert.bind("id", id).bind("subject", w.subject()).bind("html", w.html().toBytes())
          .bind("text", w.text().toBytes()).add();
      any = true;
    }
    if (any) insert.execute();
  }

  /**
   * The public id of the digest a row carries: its own, or for a resend the original's, which its
   * Message-ID keeps, so that a resend is identical to the original down to its view-in-browser link.
   */
  public static String digestPublicId(OutboxRow row) {
    String id = publicIdOf(row.messageId());
    return id == null ? row.publicId() : id;
  }

  /** {@code <20260314.PUBLICID@mail.domain>} → PUBLICID; null when it is not of that shape. */
  private static String publicIdOf(String messageId) {
    int dot = messageId == null ? -1 : messageId.indexOf('.');
    int at = messageId == null ? -1 : messageId.indexOf('@', dot + 1);
    return dot > 0 && at > dot ? messageId.substring(dot + 1, at) : null;
  }

  /** The Message-ID of a new digest: {@code <20260314.PUBLICID@mail.domain>}. */
  public String messageId(LocalDate date, String publicId) {
    return "<" + date.format(DateTimeFormatter.BASIC_ISO_DATE) + "." + publicId + "@" + mailDomain + ">";
  }

  private String newPublicId() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  // ---------------------------------------------------------------- sending

  /**
   * Moves up to {@code batchSize} rows to 'sending' under a lease for {@code owner}, and returns them:
   * first 'sending' rows whose lease has expired (their sender died), then queued rows that are due, the
   * longest-waiting first. Rows another transaction is claiming are skipped, not waited for, so
   * concurrent claimers (threads or nodes) never get the same row.
   */
  public List<OutboxRow> claim(String owner, int batchSize, Duration lease, Instant now) {
    Instant until = now.plus(lease);
    if (dialect == Database.Dialect.POSTGRESQL) return claimInOneStatement(owner, batchSize, until, now);
    return jdbi.inTransaction(h -> {
      List<OutboxRow> rows = new ArrayList<>(h.createQuery("SELECT " + COLUMNS + " FROM outbox"
              + " WHERE status = 'sending' AND lease_until < :now ORDER BY lease_until, id LIMIT :n"
              + " FOR UPDATE SKIP LOCKED")
          .bind("now", ts(now))
          .bind("n", batchSize)
          .map((rs, ctx) -> row(rs))
          .list());
      if (rows.size() < batchSize) rows.addAll(claimQueued(h, batchSize - rows.size(), now));
      if (rows.isEmpty()) return List.<OutboxRow>of();
      h.createUpdate("UPDATE outbox SET status = 'sending', lease_owner = :owner, lease_until = :until,"
              + " updated_at = :now WHERE id IN (<ids>)")
          .bind("owner", owner)
          .bind("until", ts(until))
          .bind("now", ts(now))
          .bindList("ids", rows.stream().map(OutboxRow::id).toList())
          .execute();
      return rows.stream().map(r -> r.leased(owner, until)).toList();
    });
  }

  /**
   * PostgreSQL: the same claim in one statement (one round trip): ordered scans of outbox_due_idx that
   * stop after enough unlocked rows. Rows locked but not taken are unlocked when it commits.
   */
  private List<OutboxRow> claimInOneStatement(String owner, int n, Instant until, Instant now) {
    List<OutboxRow> rows = new ArrayList<>(jdbi.withHandle(h -> h.createQuery("WITH expired AS (SELECT id FROM outbox"
            + " WHERE status = 'sending' AND lease_until < :now ORDER BY lease_until, id LIMIT :n FOR UPDATE SKIP LOCKED),"
            + " due AS (SELECT id FROM outbox WHERE status = 'queued' AND next_attempt_at <= :now"
            + " ORDER BY status, next_attempt_at, id LIMIT :n FOR UPDATE SKIP LOCKED)"
            + " UPDATE outbox SET status = 'sending', lease_owner = :owner, lease_until = :until, updated_at = :now"
            + " WHERE id IN (SELECT id FROM (SELECT id, 0 AS k FROM expired UNION ALL SELECT id, 1 FROM due) x"
            + " ORDER BY k LIMIT :n) RETURNING " + COLUMNS)
        .bind("owner", owner)
        .bind("until", ts(until))
        .bind("now", ts(now))
        .bind("n", n)
        .map((rs, ctx) -> row(rs))
        .list()));
    rows.sort(Comparator.comparing(OutboxRow::nextAttemptAt).thenComparing(OutboxRow::id));
    return rows;
  }

  /** H2: locks up to n due queued rows, the longest-waiting first, skipping rows other claimers hold. */
  private List<OutboxRow> claimQueued(Handle h, int n, Instant now) {
    String due = " WHERE status = 'queued' AND next_attempt_at <= :now";
    List<Long> candidates = h.createQuery("SELECT id FROM outbox" + due
            + " ORDER BY status, next_attempt_at, id LIMIT :n")
        .bind("now", ts(now)).bind("n", n * H2_CANDIDATES_PER_ROW)
        .mapTo(Long.class).list();
    // Lock by primary key only (with the status condition H2 would scan the status index again) and
    // check each locked row is still due: another claimer may have taken it since it was read.
    List<OutboxRow> rows = new ArrayList<>();
    int next = 0;
    while (rows.size() < n && next < candidates.size()) {
      List<Long> slice = candidates.subList(next, Math.min(candidates.size(), next + n - rows.size()));
      next += slice.size();
      h.createQuery("SELECT " + COLUMNS + " FROM outbox WHERE id IN (<ids>) ORDER BY id FOR UPDATE SKIP LOCKED")
          .bindList("ids", slice)
          .map((rs, ctx) -> row(rs))
          .forEach(r -> {
            if (r.status() == Status.QUEUED && !r.nextAttemptAt().isAfter(now)) rows.add(r);
          });
    }
    rows.sort(Comparator.comparing(OutboxRow::nextAttemptAt).thenComparing(OutboxRow::id));
    return rows;
  }

  /**
   * Extends the lease of rows {@code owner} still holds.
   *
   * @return the ids among {@code ids} that {@code owner} still holds, now until {@code until}
   */
  public Set<Long> renewLeases(String owner, Collection<Long> ids, Instant until) {
    Set<Long> held = new HashSet<>();
    if (ids.isEmpty()) return held;
    Instant now = clock.instant();
    jdbi.useTransaction(h -> {
      for (List<Long> chunk : chunks(ids)) {
        h.createUpdate("UPDATE outbox SET lease_until = :until, updated_at = :now"
                + " WHERE id IN (<ids>) AND status = 'sending' AND lease_owner = :owner")
            .bind("until", ts(until)).bind("now", ts(now)).bind("owner", owner).bindList("ids", chunk)
            .execute();
        held.addAll(h.createQuery("SELECT id FROM outbox WHERE id IN (<ids>) AND status = 'sending'"
                + " AND lease_owner = :owner")
            .bind("owner", owner).bindList("ids", chunk)
            .mapTo(Long.class).list());
      }
    });
    return held;
  }

  /**
   * Records that the row's message was accepted: status 'sent'. Its papers count as sent from then on
   * through the row's own {@code paper_ids} ({@link #history}).
   *
   * @return false when the row had already been marked sent (by a sender that took it over)
   */
  public boolean markSent(OutboxRow row, Instant now) {
    return markSentAll(List.of(row), now) == 1;
  }

  /**
   * {@link #markSent} for several rows in one statement.
   *
   * @return how many of them were not marked sent before
   */
  public int markSentAll(List<OutboxRow> rows, Instant now) {
    if (rows.isEmpty()) return 0;
    String by = rows.get(0).leaseOwner();
    if (rows.stream().anyMatch(r -> !Objects.equals(r.leaseOwner(), by))) {
      // sent_by is the claimer of each row: one statement per claimer (a sender passes its own rows only)
      int n = 0;
      for (List<OutboxRow> same : rows.stream().collect(Collectors.groupingBy(r -> String.valueOf(r.leaseOwner()),
          LinkedHashMap::new, Collectors.toList())).values()) {
        n += markSentAll(same, now);
      }
      return n;
    }
    int marked = jdbi.withHandle(h -> {
      int n = 0;
      for (List<Long> chunk : chunks(rows.stream().map(OutboxRow::id).toList())) {
        n += h.createUpdate("UPDATE outbox SET status = 'sent', sent_at = :now, attempts = attempts + 1,"
                + " sent_by = COALESCE(:by, lease_owner), lease_owner = NULL, lease_until = NULL, updated_at = :now"
                + " WHERE id IN (<ids>) AND status <> 'sent'")
            .bind("now", ts(now))
            .bind("by", by)
            .bindList("ids", chunk)
            .execute();
      }
      return n;
    });
    // the messages are out: a record lost with a killed process would send them again
    db.persist();
    return marked;
  }

  /**
   * Makes everything committed to this database so far survive this process being killed, for changes
   * a person would see undone: see {@link Database#persist}.
   */
  public void persist() {
    db.persist();
  }

  /** A temporary failure: back to 'queued' until {@code nextAttemptAt}, one attempt counted. */
  public boolean retryLater(OutboxRow row, String error, Instant nextAttemptAt) {
    return finish(row, "status = 'queued', attempts = attempts + 1, next_attempt_at = :next, last_error = :error",
        Map.of("next", ts(nextAttemptAt), "error", error));
  }

  /** A permanent failure (or the last allowed attempt): 'failed' with the server's reply. */
  public boolean fail(OutboxRow row, String smtpReply) {
    return finish(row, "status = 'failed', attempts = attempts + 1, last_error = :error", Map.of("error", smtpReply));
  }

  /** Too old to be worth sending: 'expired', no attempt counted. */
  public boolean expire(OutboxRow row, String reason) {
    return finish(row, "status = 'expired', last_error = :error", Map.of("error", reason));
  }

  private boolean finish(OutboxRow row, String set, Map<String, Object> values) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE outbox SET " + set + ", lease_owner = NULL,"
            + " lease_until = NULL, updated_at = :now WHERE id = :id AND status = 'sending' AND lease_owner = :owner")
        .bindMap(values)
        .bind("now", ts(clock.instant()))
        .bind("id", row.id())
        .bind("owner", row.leaseOwner())
        .execute()) == 1;
  }

  /** On a clean shutdown: {@code owner}'s claimed-but-unsent rows back to 'queued', no attempt counted. */
  public int release(String owner) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE outbox SET status = 'queued', lease_owner = NULL,"
            + " lease_until = NULL, updated_at = :now WHERE status = 'sending' AND lease_owner = :owner")
        .bind("owner", owner)
        .bind("now", ts(clock.instant()))
        .execute());
  }

  /** Rows still to be sent: queued (retries included) or claimed by a sender. */
  private static final String WAITING = " WHERE status IN ('queued', 'sending')";
  /** A cancelled row holds no lease, so nothing can take it back to the queue (see {@link #cancelFor}). */
  private static final String CANCEL = "UPDATE outbox SET status = 'cancelled', lease_owner = NULL, lease_until = NULL,"
      + " updated_at = :now";

  /**
   * The subscriber left or paused: their queued rows (retries included) become 'cancelled' at once, and
   * so do the ones senders have claimed. A claimed row that is cancelled can no longer go back to the
   * queue: not after a temporary failure ({@link #retryLater}), not when its sender stops
   * ({@link #release}) and not when its lease runs out, since all of them only take 'sending' rows. A
   * sender of this process skips such a row in the batch it is working through
   * ({@link #cancelledAfter}); a sender of another process does not read the row again, so there a
   * message of its batch still goes out and {@link #markSent} records it as sent.
   */
  public int cancelFor(String subscriberId) {
    Instant now = clock.instant();
    int n = jdbi.withHandle(h -> h.createUpdate(CANCEL + WAITING + " AND subscriber_id = :subscriber")
        .bind("subscriber", subscriberId)
        .bind("now", ts(now))
        .execute());
    remember(subscriberId, now);
    return n;
  }

  /** Tells this process's senders that the subscriber's mail was cancelled at {@code now}. */
  private void remember(String subscriberId, Instant now) {
    if (cancelled.size() >= CANCELLED_KEPT) { // only batches in hand need to know: minutes at most
      cancelled.values().removeIf(at -> at.isBefore(now.minus(Duration.ofHours(1))));
      if (cancelled.size() >= CANCELLED_KEPT) cancelled.clear();
    }
    cancelled.put(subscriberId, now);
  }

  /**
   * Whether this process cancelled the subscriber's mail after {@code claimedAt}: a sender asks before
   * each message of a batch claimed then, which a cancel that came after has made 'cancelled' in the
   * store. A check in memory, since senders cannot afford a query per message.
   */
  public boolean cancelledAfter(String subscriberId, Instant claimedAt) {
    if (cancelled.isEmpty()) return false;
    Instant at = cancelled.get(subscriberId);
    // strictly after: at the same instant the claim may have come second, and a row skipped wrongly would
    // wait out its lease
    return at != null && at.isAfter(claimedAt);
  }

  /**
   * The subscribers from the topic file who have mail queued or being sent, each id with its address
   * key: few outside the minutes after a slot, when it is that slot's.
   */
  public Map<String, String> fileSubscribersWithMailWaiting() {
    return jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT s.id, s.email_key FROM outbox o JOIN subscriber s"
            + " ON s.id = o.subscriber_id WHERE o.status IN ('queued', 'sending') AND s.origin = 'file'")
        .reduceRows(new HashMap<String, String>(), (map, row) -> {
          map.put(row.getColumn("id", String.class), row.getColumn("email_key", String.class));
          return map;
        }));
  }

  /**
   * Cancels every queued or claimed row its subscriber may no longer get ({@link #SUBSCRIBER_HOLDS_BACK}):
   * what a crash left between storing a subscriber's stop (an unsubscribe, a pause, a bounce, a complaint)
   * and cancelling their mail, which each does in a transaction of its own. Senders of this process skip
   * such rows of the batches they hold, as after {@link #cancelFor}.
   *
   * @return how many rows were cancelled
   */
  public int cancelHeldBack() {
    Instant now = clock.instant();
    String heldBack = WAITING + " AND " + SUBSCRIBER_HOLDS_BACK;
    return jdbi.inTransaction(h -> {
      List<String> subscribers = h.createQuery("SELECT DISTINCT subscriber_id FROM outbox" + heldBack)
          .mapTo(String.class).list();
      if (subscribers.isEmpty()) return 0;
      int n = h.createUpdate(CANCEL + heldBack)
          .bind("now", ts(now))
          .execute();
      for (String id : subscribers) remember(id, now);
      return n;
    });
  }

  /**
   * Whether the row's subscriber may get it now: a digest or resend only while they are active, a
   * confirmation only while they are pending. A row whose subscriber is not stored is not held back
   * (every row composed in earnest is a stored subscriber's: the test and benchmark rows may not be).
   */
  private static final String SUBSCRIBER_HOLDS_BACK = "EXISTS (SELECT 1 FROM subscriber s"
      + " WHERE s.id = outbox.subscriber_id AND s.status <> CASE WHEN outbox.kind = 'confirm' THEN 'pending' ELSE 'active' END)";

  /**
   * What {@link #requeueFailed} did.
   *
   * @param cancelled rows not queued again but cancelled, by the status of their subscriber (unsubscribed,
   *                  paused, pending; active for a confirmation that is no longer needed)
   */
  public record Requeued(int queued, Map<String, Integer> cancelled) {
    public int cancelledTotal() {
      return cancelled.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /**
   * {@code resend --failed}: rows that failed at or after {@code since} are queued again, due now, with
   * their attempts reset and their max_age counted afresh; except those whose subscriber may not get
   * them any more (unsubscribed or paused since, say), which are cancelled, as unsubscribing or pausing
   * cancels a queued row.
   */
  public Requeued requeueFailed(Instant since) {
    Instant now = clock.instant();
    String failed = " WHERE outbox.status = 'failed' AND outbox.updated_at >= :since";
    return jdbi.inTransaction(h -> {
      Map<String, Integer> cancelled = new TreeMap<>();
      h.createQuery("SELECT s.status, COUNT(*) AS n FROM outbox JOIN subscriber s ON s.id = outbox.subscriber_id"
              + failed + " AND " + SUBSCRIBER_HOLDS_BACK + " GROUP BY s.status")
          .bind("since", ts(since))
          .map((rs, ctx) -> cancelled.put(rs.getString("status"), rs.getInt("n")))
          .list();
      h.createUpdate("UPDATE outbox SET status = 'cancelled', updated_at = :now" + failed + " AND " + SUBSCRIBER_HOLDS_BACK)
          .bind("since", ts(since)).bind("now", ts(now))
          .execute();
      int queued = h.createUpdate("UPDATE outbox SET status = 'queued', attempts = 0,"
              + " next_attempt_at = :now, queued_at = :now, updated_at = :now" + failed)
          .bind("since", ts(since)).bind("now", ts(now))
          .execute();
      return new Requeued(queued, Collections.unmodifiableMap(cancelled));
    });
  }

  /**
   * Queues the subscriber's digest for {@code date} once more, as a 'resend' row with the same body,
   * recipient values, papers and Message-ID; never to a subscriber who unsubscribed, paused or has not
   * confirmed (callers say why from the subscriber's status; this is the guarantee). Should they
   * unsubscribe right after, unsubscribing cancels the new row like any queued one.
   *
   * @return the new row's id; empty when there is no digest with a body for that subscriber and date,
   *         or when the subscriber may not get it
   */
  public Optional<Long> resend(String subscriberId, LocalDate date) {
    Instant now = clock.instant();
    return jdbi.inTransaction(h -> {
      Optional<OutboxRow> original = h.createQuery("SELECT " + COLUMNS + " FROM outbox WHERE subscriber_id = :s"
              + " AND digest_date = :d AND kind = 'digest' AND body_id IS NOT NULL AND NOT " + SUBSCRIBER_HOLDS_BACK)
          .bind("s", subscriberId).bind("d", date)
          .map((rs, ctx) -> row(rs))
          .findOne();
      if (original.isEmpty()) return Optional.<Long>empty();
      OutboxRow o = original.get();
      int resendNo = h.createQuery("SELECT COALESCE(MAX(resend_no), 0) + 1 FROM outbox WHERE subscriber_id = :s"
              + " AND digest_date = :d AND kind = 'resend'")
          .bind("s", subscriberId).bind("d", date).mapTo(Integer.class).one();
      String publicId = newPublicId();
      h.createUpdate("INSERT INTO outbox (public_id, subscriber_id, email, digest_date, window_end, body_id,"
              + " recipient, paper_ids, message_id, kind, resend_no, resend_of, status, attempts, next_attempt_at,"
              + " created_at, queued_at, updated_at) SELECT :publicId, subscriber_id, email, digest_date, window_end,"
              + " body_id, recipient, paper_ids, message_id, 'resend', :resendNo, id, 'queued', 0, :now, :now, :now,"
              + " :now FROM outbox WHERE id = :id")
          .bind("publicId", publicId).bind("resendNo", resendNo).bind("now", ts(now)).bind("id", o.id())
          .execute();
      return Optional.of(h.createQuery("SELECT id FROM outbox WHERE public_id = :p").bind("p", publicId)
          .mapTo(Long.class).one());
    });
  }

  // ---------------------------------------------------------------- confirmation mails

  /**
   * Queues a web sign-up's confirmation mail (kind 'confirm', dated today in UTC, no papers). When one
   * for that subscriber is still queued, that one takes this one's body and recipient values instead:
   * signing up twice in a row sends one mail, and it carries the latest link (a link names the choice it
   * confirms, so the earlier one may no longer confirm anything). A confirmation asked for again after
   * the last one went out, or while it is being sent, is the next resend_no of the day.
   *
   * @param recipient per-recipient values: unsubscribe_url, manage_url, confirm_url
   * @return whether a row was added (false: the queued one was brought up to date)
   */
  public boolean enqueueConfirm(String subscriberId, String email, DigestBody body, Map<String, String> recipient) {
    Instant now = clock.instant();
    LocalDate date = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Composed c = new Composed(subscriberId, email, date, now, body, recipient, List.of());
    for (int attempt = 0; attempt < 3; attempt++) {
      Optional<Boolean> added = jdbi.inTransaction(h -> {
        Long bodyId = storeBodies(h, List.of(c), now).get(body.storageKey(c.paperIds()));
        // only a queued row: one being sent is claimed with what it had, so this one must follow it
        int waiting = h.createUpdate("UPDATE outbox SET email = :email, body_id = :bodyId, recipient = :recipient,"
                + " updated_at = :now WHERE subscriber_id = :s AND kind = 'confirm' AND status = 'queued'")
            .bind("email", email).bind("bodyId", bodyId).bind("recipient", json(c.recipient())).bind("now", ts(now))
            .bind("s", subscriberId).execute();
        if (waiting > 0) return Optional.of(false);
        int number = h.createQuery("SELECT COALESCE(MAX(resend_no) + 1, 0) FROM outbox WHERE subscriber_id = :s"
                + " AND digest_date = :d AND kind = 'confirm'")
            .bind("s", subscriberId).bind("d", date).mapTo(Integer.class).one();
        String publicId = newPublicId();
        int n = h.createUpdate("INSERT INTO outbox (public_id, subscriber_id, email, digest_date, window_end, body_id,"
                + " recipient, paper_ids, message_id, kind, resend_no, status, attempts, next_attempt_at, created_at,"
                + " queued_at, updated_at) VALUES (:publicId, :s, :email, :d, :now, :bodyId, :recipient, '[]',"
                + " :messageId, 'confirm', :number, 'queued', 0, :now, :now, :now, :now) ON CONFLICT DO NOTHING")
            .bind("publicId", publicId).bind("s", subscriberId).bind("email", email).bind("d", date)
            .bind("now", ts(now)).bind("bodyId", bodyId).bind("recipient", json(c.recipient()))
            .bind("messageId", messageId(date, publicId)).bind("number", number)
            .execute();
        // 0: a concurrent sign-up took this number first; look again
        return n == 1 ? Optional.of(true) : Optional.<Boolean>empty();
      });
      if (added.isPresent()) return added.get();
    }
    return false;
  }

  /** Rows waiting to be sent: queued (retries included) or being sent. The queue depth metric. */
  public int countQueued() {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM outbox WHERE status IN ('queued', 'sending')")
        .mapTo(Integer.class).one());
  }

  /** Rows that are due now: queued and due, or held under an expired lease. */
  public int countDue(Instant now) {
    return jdbi.withHandle(h -> h.createQuery(COUNT_DUE).bind("now", ts(now)).mapTo(Integer.class).one());
  }

  /**
   * Two counts, each on outbox_due_idx: H2 reads the whole table for the same conditions joined by OR
   * (12 s before the senders started, at 100,000 subscribers with a month of digests).
   */
  static final String COUNT_DUE = "SELECT (SELECT COUNT(*) FROM outbox WHERE status = 'queued' AND next_attempt_at <= :now)"
      + " + (SELECT COUNT(*) FROM outbox WHERE status = 'sending' AND lease_until < :now)";

  /** A stored body; bodies never change, so callers may cache them by id. */
  public DigestBody body(long id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT subject, html, text FROM digest_body WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> new DigestBody(rs.getString("subject"), rs.getString("html"), rs.getString("text")))
        .one());
  }

  /** Several stored bodies by id; ids without a body are left out. */
  public Map<Long, DigestBody> bodies(Collection<Long> ids) {
    Map<Long, DigestBody> out = new HashMap<>();
    jdbi.useHandle(h -> {
      for (List<Long> chunk : chunks(ids)) {
        h.createQuery("SELECT id, subject, html, text FROM digest_body WHERE id IN (<ids>)")
            .bindList("ids", chunk)
            .map((rs, ctx) -> out.put(rs.getLong("id"),
                new DigestBody(rs.getString("subject"), rs.getString("html"), rs.getString("text"))))
            .list();
      }
    });
    return out;
  }

  /** The wire form of several bodies by id; a body stored before there was one is left out. */
  Map<Long, WireBody> wireBodies(Collection<Long> ids) {
    Map<Long, WireBody> out = new HashMap<>();
    jdbi.useHandle(h -> {
      for (List<Long> chunk : chunks(ids)) {
        h.createQuery("SELECT body_id, subject, html, text FROM digest_body_wire WHERE body_id IN (<ids>)")
            .bindList("ids", chunk)
            .map((rs, ctx) -> out.put(rs.getLong("body_id"), new WireBody(rs.getString("subject"),
                PartTemplate.fromBytes(rs.getBytes("html"), true), PartTemplate.fromBytes(rs.getBytes("text"), false))))
            .list();
      }
    });
    return out;
  }

  public Optional<OutboxRow> find(long id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM outbox WHERE id = :id").bind("id", id)
        .map((rs, ctx) -> row(rs)).findOne());
  }

  /** For view-in-browser links. */
  public Optional<OutboxRow> findByPublicId(String publicId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM outbox WHERE public_id = :p")
        .bind("p", publicId).map((rs, ctx) -> row(rs)).findOne());
  }

  /**
   * The row that first carried a Message-ID of ours (a resend carries its original's), as a returned
   * message quotes it. Its public id is random: only whoever received the message can name it.
   */
  public Optional<OutboxRow> findByMessageId(String messageId) {
    String quoted = messageId.strip();
    String id = publicIdOf(quoted);
    if (id == null) return Optional.empty();
    return findByPublicId(id).filter(r -> quoted.equals(r.messageId()));
  }

  /** A subscriber's rows, oldest date first, each date's digest before its resends. */
  public List<OutboxRow> rowsFor(String subscriberId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM outbox WHERE subscriber_id = :s"
            + " ORDER BY digest_date, kind, resend_no")
        .bind("s", subscriberId).map((rs, ctx) -> row(rs)).list());
  }

  // ---------------------------------------------------------------- history for selection

  /**
   * What selection needs to know about each subscriber's past digests.
   *
   * @param windowEnd window end of the latest digest that counts (queued, sending, sent or empty; not one
   *                  that failed, expired or was cancelled, so its papers are selected again); null when none
   * @param paperIds  papers sent to the subscriber, or in a digest still queued or being sent, of digests
   *                  whose window ended within {@link #PAPERS_FOR}
   */
  public record History(Instant windowEnd, Set<String> paperIds) {
    /** Takes the set over, read-only, without copying it: the caller hands over a set it no longer changes. */
    public History {
      paperIds = paperIds instanceof SentPapers ? paperIds : Collections.unmodifiableSet(paperIds);
    }
  }

  /** Statuses of digests that do not count as a subscriber's previous digest (their papers come again). */
  static final Set<String> COUNTLESS = Set.of("failed", "expired", "cancelled");

  /**
   * How far back {@link #history} reads digests' papers. Selection only takes papers first seen within
   * {@link Selector#DEFAULT_LOOKBACK} before its as-of instant, which is the moment it starts, and a
   * digest can only hold papers first seen before its window ended: an older digest's papers cannot
   * come again. Three days more cover a composition that runs long (history is read as it goes).
   * Each day in the bound is one more row per subscriber that every compose reads (it was twice the lookback).
   */
  static final Duration PAPERS_FOR = Selector.DEFAULT_LOOKBACK.plusDays(3);

  /**
   * The history of many subscribers in one query per thousand ids, reading only the digests of the
   * last {@link #PAPERS_FOR}: the rows a compose reads stop growing once the installation is older than that.
   * A subscriber whose latest counting digest is older than that (back from a pause, or weekly)
   * gets it from a second query for just those ids.
   *
   * @return one entry per given id (a subscriber with no digest yet has a null window end and no papers)
   */
  public Map<String, History> history(Collection<String> subscriberIds) {
    return historyReader.read(subscriberIds);
  }

  /**
   * A date no later than the instant's local date anywhere on Earth, to compare with digest_date (the
   * subscriber's local date): the UTC date less a day covers every time zone.
   */
  static LocalDate earliestLocalDate(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC).toLocalDate().minusDays(1);
  }

  // ---------------------------------------------------------------- retention

  /** What {@link #prune} deleted (or with dryRun would delete): rows dated before {@code before}. */
  public record Pruned(LocalDate before, long rows, long bodies) {}

  /** Statuses no sender or composer changes any more. */
  private static final List<String> FINISHED = List.of("sent", "failed", "expired", "cancelled", "empty");
  static final int PRUNE_BATCH = 1_000;

  /**
   * Deletes finished rows (digests, resends, confirmations) at least {@code keep} old, and the
   * digest bodies no row uses any more, a thousand rows per transaction, oldest date first. Kept:
   * rows still queued or being sent, and each subscriber's latest digest that counts, whose window
   * end is where their next digest starts. A row a resend refers to loses only the reference.
   * Bodies of confirmation mails stay: one body serves every confirmation for months.
   *
   * @param keep   how long rows stay
   * @param dryRun count what would go, delete nothing (bodies are not counted then)
   */
  public Pruned prune(Duration keep, boolean dryRun, Dispatcher.Progress progress) {
    LocalDate before = earliestLocalDate(clock.instant().minus(keep));
    String finished = " o.status IN (<finished>)";
    long total = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM outbox o WHERE o.digest_date < :before AND"
            + finished).bind("before", before).bindList("finished", FINISHED).mapTo(Long.class).one());
    List<LocalDate> dates = jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT digest_date FROM outbox"
            + " WHERE digest_date < :before ORDER BY digest_date")
        .bind("before", before).mapTo(LocalDate.class).list());
    long rows = 0;
    long bodies = 0;
    long seen = 0;
    for (LocalDate date : dates) {
      long after = 0;
      while (true) {
        long from = after;
        List<PrunedRow> batch = jdbi.withHandle(h -> h.createQuery("SELECT o.id, o.body_id, o.kind FROM outbox o"
                + " WHERE o.digest_date = :date AND o.id > :after AND" + finished
                // a subscriber's latest counting digest stays: the next one starts where it ended
                + " AND (o.kind <> 'digest' OR o.status NOT IN ('sent', 'empty') OR EXISTS (SELECT 1 FROM outbox n"
                + " WHERE n.subscriber_id = o.subscriber_id AND n.digest_date > o.digest_date AND n.kind = 'digest'"
                + " AND n.status NOT IN (<countless>)))"
                + " ORDER BY o.id LIMIT :n")
            .bind("date", date).bind("after", from).bind("n", PRUNE_BATCH)
            .bindList("finished", FINISHED).bindList("countless", List.copyOf(COUNTLESS))
            .map((rs, ctx) -> new PrunedRow(rs.getLong("id"), (Long) rs.getObject("body_id", Long.class),
                Kind.of(rs.getString("kind"))))
            .list());
        if (batch.isEmpty()) break;
        after = batch.get(batch.size() - 1).id();
        if (dryRun) {
          rows += batch.size();
        } else {
          Deleted deleted = jdbi.inTransaction(h -> delete(h, batch));
          rows += deleted.rows();
          bodies += deleted.bodies();
        }
        seen += batch.size();
        progress.update(Math.min(seen, total), total);
      }
    }
    progress.update(total, total);
    return new Pruned(before, rows, bodies);
  }

  private record PrunedRow(long id, Long bodyId, Kind kind) {}

  private record Deleted(long rows, long bodies) {}

  private static Deleted delete(Handle h, List<PrunedRow> batch) {
    List<Long> ids = batch.stream().map(PrunedRow::id).toList();
    // (a resend's reference goes even if its original is then kept for a changed status: it is only informative)
    h.createUpdate("UPDATE outbox SET resend_of = NULL WHERE resend_of IN (<ids>)").bindList("ids", ids).execute();
    // the status again: `resend --failed` may have queued a failed row since it was read
    int rows = h.createUpdate("DELETE FROM outbox WHERE id IN (<ids>) AND status IN (<finished>)")
        .bindList("ids", ids).bindList("finished", FINISHED).execute();
    // A body is shared by digests that rendered to the same bytes with the same papers. Digests 40 days
    // apart do not (their papers are first seen within the lookback, the default subject has the date), so
    // no composition is about to reuse a body deleted here; a confirmation's body is reused for as long as
    // sign-ups come.
    Set<Long> bodyIds = batch.stream().filter(r -> r.bodyId() != null && r.kind() != Kind.CONFIRM)
        .map(PrunedRow::bodyId).collect(Collectors.toCollection(HashSet::new));
    if (bodyIds.isEmpty()) return new Deleted(rows, 0);
    bodyIds.removeAll(h.createQuery("SELECT DISTINCT body_id FROM outbox WHERE body_id IN (<ids>)")
        .bindList("ids", List.copyOf(bodyIds)).mapTo(Long.class).list());
    if (bodyIds.isEmpty()) return new Deleted(rows, 0);
    h.createUpdate("DELETE FROM digest_body_wire WHERE body_id IN (<ids>)").bindList("ids", List.copyOf(bodyIds)).execute();
    int bodies = h.createUpdate("DELETE FROM digest_body WHERE id IN (<ids>)").bindList("ids", List.copyOf(bodyIds)).execute();
    return new Deleted(rows, bodies);
  }

  // ---------------------------------------------------------------- reports

  /**
   * @param status a status name, or {@code retrying} for queued rows that have had attempts
   */
  public record StatusCount(LocalDate digestDate, Kind kind, String status, long count) {}

  /**
   * Rows per digest date, kind and status ('retrying' for a queued row that failed before), dates from
   * {@code from} to {@code to} (both inclusive, null: open).
   */
  public List<StatusCount> statusCounts(LocalDate from, LocalDate to) {
    return jdbi.withHandle(h -> h.createQuery("SELECT digest_date, kind, st, COUNT(*) AS n FROM (SELECT digest_date, kind,"
            + " CASE WHEN status = 'queued' AND attempts > 0 THEN 'retrying' ELSE status END AS st FROM outbox"
            + " WHERE digest_date >= :from AND digest_date <= :to) x GROUP BY digest_date, kind, st"
            + " ORDER BY digest_date, kind, st")
        .bind("from", from == null ? LocalDate.of(1970, 1, 1) : from)
        .bind("to", to == null ? LocalDate.of(9999, 12, 31) : to)
        .map((rs, ctx) -> new StatusCount(rs.getObject("digest_date", LocalDate.class), Kind.of(rs.getString("kind")),
            rs.getString("st"), rs.getLong("n")))
        .list());
  }

  /**
   * A row whose last attempt failed: for good ('failed'), or for now (queued again for a retry).
   *
   * @param nextAttemptAt when a retry is due; null for a failed row
   */
  public record FailedRow(long id, String subscriberId, String email, LocalDate digestDate, Kind kind, int attempts,
      String lastError, Instant failedAt, Instant nextAttemptAt) {}

  /** Failed rows of digest dates {@code from}..{@code to} (null: open), latest failure first. */
  public List<FailedRow> failures(LocalDate from, LocalDate to, int limit) {
    return lastErrors("status = 'failed'", from, to, limit);
  }

  /** Rows waiting for another attempt after a temporary failure, dates {@code from}..{@code to}, latest first. */
  public List<FailedRow> retries(LocalDate from, LocalDate to, int limit) {
    return lastErrors("status = 'queued' AND attempts > 0", from, to, limit);
  }

  /** How many rows wait for another attempt after a temporary failure, whatever their date. */
  public long countRetries() {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM outbox WHERE status = 'queued' AND attempts > 0")
        .mapTo(Long.class).one());
  }

  private List<FailedRow> lastErrors(String condition, LocalDate from, LocalDate to, int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT id, subscriber_id, email, digest_date, kind, attempts,"
            + " last_error, updated_at, status, next_attempt_at FROM outbox WHERE " + condition
            + " AND digest_date >= :from AND digest_date <= :to ORDER BY updated_at DESC, id LIMIT :limit")
        .bind("from", from == null ? LocalDate.of(1970, 1, 1) : from)
        .bind("to", to == null ? LocalDate.of(9999, 12, 31) : to)
        .bind("limit", limit)
        .map((rs, ctx) -> new FailedRow(rs.getLong("id"), rs.getString("subscriber_id"), rs.getString("email"),
            rs.getObject("digest_date", LocalDate.class), Kind.of(rs.getString("kind")), rs.getInt("attempts"),
            rs.getString("last_error"), instant(rs, "updated_at"),
            "queued".equals(rs.getString("status")) ? instant(rs, "next_attempt_at") : null))
        .list());
  }

  // ---------------------------------------------------------------- nodes

  /**
   * A process that sends (and, under {@code serve}, composes and runs scheduled jobs).
   *
   * @param stoppedAt when it last stopped cleanly; null while it runs, or when it died
   */
  public record Node(String id, Instant startedAt, Instant heartbeatAt, Instant stoppedAt) {
    public Node(String id, Instant startedAt, Instant heartbeatAt) {
      this(id, startedAt, heartbeatAt, null);
    }
  }

  /** Registers the node, or records that it is alive (and running again, if it had stopped). */
  public void heartbeat(String nodeId, Instant startedAt) {
    Instant now = clock.instant();
    jdbi.useTransaction(h -> {
      int n = h.createUpdate("UPDATE node SET started_at = :started, heartbeat_at = :now, stopped_at = NULL"
              + " WHERE id = :id")
          .bind("id", nodeId).bind("started", ts(startedAt)).bind("now", ts(now)).execute();
      if (n == 0) {
        h.createUpdate("INSERT INTO node (id, started_at, heartbeat_at) VALUES (:id, :started, :now)"
                + " ON CONFLICT DO NOTHING")
            .bind("id", nodeId).bind("started", ts(startedAt)).bind("now", ts(now)).execute();
      }
    });
  }

  /** Records that the node stopped cleanly (it gave its claimed rows back). */
  public void stopped(String nodeId) {
    Instant now = clock.instant();
    jdbi.useHandle(h -> h.createUpdate("UPDATE node SET stopped_at = :now, heartbeat_at = :now WHERE id = :id")
        .bind("id", nodeId).bind("now", ts(now)).execute());
  }

  public List<Node> nodes() {
    return jdbi.withHandle(h -> h.createQuery("SELECT id, started_at, heartbeat_at, stopped_at FROM node ORDER BY id")
        .map((rs, ctx) -> new Node(rs.getString("id"), instant(rs, "started_at"), instant(rs, "heartbeat_at"),
            instant(rs, "stopped_at")))
        .list());
  }

  /**
   * Rows each node holds under a lease now ('sending': claimed, being sent, or sent but not yet recorded),
   * by node id (a lease owner is {@code node#sender}). A dead node keeps its rows until their lease expires.
   */
  public Map<String, Integer> inFlightByNode() {
    Map<String, Integer> out = new TreeMap<>();
    jdbi.useHandle(h -> h.createQuery("SELECT lease_owner, COUNT(*) AS n FROM outbox WHERE status = 'sending'"
            + " GROUP BY lease_owner")
        .map((rs, ctx) -> Map.entry(nodeOf(rs.getString("lease_owner")), rs.getInt("n")))
        .forEach(e -> out.merge(e.getKey(), e.getValue(), Integer::sum)));
    return out;
  }

  /** The node part of a lease owner or sent_by value ({@code node#sender}). */
  public static String nodeOf(String owner) {
    if (owner == null) return "";
    int hash = owner.lastIndexOf('#');
    return hash < 0 ? owner : owner.substring(0, hash);
  }

  /**
   * Forgets nodes not heard of since {@code before} (stopped or dead long ago) that hold no rows.
   *
   * @return how many were removed
   */
  public int pruneNodes(Instant before) {
    Set<String> holding = inFlightByNode().keySet();
    return jdbi.withHandle(h -> {
      int n = 0;
      for (String id : h.createQuery("SELECT id FROM node WHERE heartbeat_at < :before").bind("before", ts(before))
          .mapTo(String.class).list()) {
        if (holding.contains(id)) continue;
        n += h.createUpdate("DELETE FROM node WHERE id = :id AND heartbeat_at < :before")
            .bind("id", id).bind("before", ts(before)).execute();
      }
      return n;
    });
  }

  // ---------------------------------------------------------------- mapping

  private static OutboxRow row(ResultSet rs) throws SQLException {
    long bodyId = rs.getLong("body_id");
    Long bodyIdOrNull = rs.wasNull() ? null : bodyId;
    long resendOf = rs.getLong("resend_of");
    Long resendOfOrNull = rs.wasNull() ? null : resendOf;
    return new OutboxRow(
        rs.getLong("id"),
        rs.getString("public_id"),
        rs.getString("subscriber_id"),
        rs.getString("email"),
        rs.getObject("digest_date", LocalDate.class),
        instant(rs, "window_end"),
        bodyIdOrNull,
        values(rs.getString("recipient")),
        strings(rs.getString("paper_ids")),
        rs.getString("message_id"),
        Kind.of(rs.getString("kind")),
        rs.getInt("resend_no"),
        resendOfOrNull,
        Status.of(rs.getString("status")),
        rs.getInt("attempts"),
        instant(rs, "next_attempt_at"),
        rs.getString("lease_owner"),
        instant(rs, "lease_until"),
        rs.getString("last_error"),
        instant(rs, "created_at"),
        instant(rs, "queued_at"),
        instant(rs, "sent_at"));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static OffsetDateTime ts(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  static <T> List<List<T>> chunks(Collection<T> all) {
    List<T> list = new ArrayList<>(all);
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i += CHUNK) out.add(list.subList(i, Math.min(list.size(), i + CHUNK)));
    return out;
  }

  private static String json(Object value) {
    return JsonColumns.write(value);
  }

  static List<String> strings(String json) {
    return JsonColumns.strings(json, "outbox");
  }

  private static Map<String, String> values(String json) {
    return JsonColumns.values(json, "outbox");
  }
}
