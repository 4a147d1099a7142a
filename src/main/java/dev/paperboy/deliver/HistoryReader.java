package dev.paperboy.deliver;

import static dev.paperboy.deliver.Outbox.CHUNK;
import static dev.paperboy.deliver.Outbox.COUNTLESS;
import static dev.paperboy.deliver.Outbox.PAPERS_FOR;
import static dev.paperboy.deliver.Outbox.chunks;
import static dev.paperboy.deliver.Outbox.earliestLocalDate;
import static dev.paperboy.deliver.Outbox.instant;
import static dev.paperboy.deliver.Outbox.strings;
import static dev.paperboy.deliver.Outbox.ts;

import dev.paperboy.deliver.Outbox.History;
import dev.paperboy.select.PaperList;
import dev.paperboy.select.SentPapers;
import dev.paperboy.storage.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * {@link Outbox#history}: the outbox's queries for selection, on its own because they are read in a
 * way the rest of the outbox is not (~35 rows per subscriber and composition, from an index, into
 * arrays) and share the bodies' paper lists with the outbox that stores them.
 */
final class HistoryReader {
  private final Jdbi jdbi;
  private final Database.Dialect dialect;
  private final Clock clock;
  private final BodyPaperCache bodyPaperCache;

  HistoryReader(Jdbi jdbi, Database.Dialect dialect, Clock clock, BodyPaperCache bodyPaperCache) {
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.clock = clock;
    this.bodyPaperCache = bodyPaperCache;
  }

  Map<String, History> read(Collection<String> subscriberIds) {
    Instant since = clock.instant().minus(PAPERS_FOR);
    // by digest_date, so that the look-up uses the (subscriber_id, digest_date, ...) index instead of
    // reading every row they ever had
    LocalDate sinceDate = earliestLocalDate(since);
    List<String> ids = subscriberIds.stream().distinct().toList();
    // by the subscriber's place in ids: ~35 rows each, read without a string or a map look-up per row
    Instant[] windowEnds = new Instant[ids.size()];
    PaperRefs refs = new PaperRefs(ids.size());
    jdbi.useHandle(h -> {
      for (int from = 0; from < ids.size(); from += CHUNK) {
        int offset = from;
        // closed here: the handle may be the caller's, open for the whole composition (Jdbi lends a
        // thread's open handle to nested calls), and a statement left open keeps its rows alive
        try (Query q = h.createQuery(HISTORY_QUERY)) {
          q.bindArray("ids", String.class, ids.subList(from, Math.min(ids.size(), from + CHUNK)))
              .bind("sinceDate", sinceDate)
              .bind("since", ts(since))
              .scanResultSet((results, ctx) -> {
                ResultSet rs = results.get();
                while (rs.next()) {
                  int i = offset + rs.getInt(1) - 1;
                  if (rs.getInt(2) == 1) {
                    Instant w = windowEnd(rs, 3);
                    if (windowEnds[i] == null || w.isAfter(windowEnds[i])) windowEnds[i] = w;
                  }
                  if (rs.getInt(4) == 1) refs.add(i, rs.getLong(5), rs.getLong(6));
                }
                return null;
              });
        }
      }
      List<String> older = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        if (windowEnds[i] == null) older.add(ids.get(i));
      }
      Map<String, Instant> olderEnds = new HashMap<>();
      for (List<String> chunk : chunks(older)) {
        h.createQuery("SELECT subscriber_id, MAX(window_end) AS window_end FROM outbox WHERE subscriber_id IN (<ids>)"
                + " AND digest_date < :sinceDate AND kind = 'digest' AND status NOT IN (<countless>)"
                + " GROUP BY subscriber_id")
            .bindList("ids", chunk)
            .bind("sinceDate", sinceDate)
            .bindList("countless", List.copyOf(COUNTLESS))
            .map((rs, ctx) -> olderEnds.put(rs.getString("subscriber_id"), instant(rs, "window_end")))
            .list();
      }
      for (int i = 0; i < ids.size(); i++) {
        if (windowEnds[i] == null) windowEnds[i] = olderEnds.get(ids.get(i));
      }
      addPapers(h, refs);
    });
    Map<String, History> out = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      out.put(ids.get(i), new History(windowEnds[i], refs.papers(i)));
    }
    return out;
  }

  /** Statuses whose digest's papers count as sent to its subscriber. */
  static final Set<String> PENDING_OR_SENT = Set.of("queued", "sending", "sent");

  /**
   * Only columns of outbox_history_idx, so that neither database reads the rows themselves (5x faster
   * on H2), and small numbers rather than strings: the subscriber's place in the list, whether the row
   * is a digest that counts, whether its papers count. The ids as a table joined on the index, rather
   * than IN (...): H2 tests every row it reads against the whole IN list once more.
   */
  static final String HISTORY_QUERY = "SELECT t.n,"
      + " CASE WHEN o.kind = 'digest' AND o.status NOT IN " + quoted(COUNTLESS) + " THEN 1 ELSE 0 END,"
      + " o.window_end,"
      + " CASE WHEN o.kind <> 'confirm' AND o.status IN " + quoted(PENDING_OR_SENT) + " AND o.window_end >= :since"
      + " THEN 1 ELSE 0 END,"
      + " o.id, o.body_id"
      + " FROM UNNEST(CAST(:ids AS VARCHAR ARRAY)) WITH ORDINALITY AS t(id, n) JOIN outbox o ON o.subscriber_id = t.id"
      + " WHERE o.digest_date >= :sinceDate";

  /** ('a', 'b', ...): constant statuses written into the query, so it stays one prepared statement. */
  private static String quoted(Set<String> statuses) {
    return statuses.stream().sorted().map(v -> "'" + v + "'").collect(Collectors.joining(", ", "(", ")"));
  }

  /** H2 hands out an Instant as is; PostgreSQL's driver only through OffsetDateTime. */
  private Instant windowEnd(ResultSet rs, int column) throws SQLException {
    if (dialect == Database.Dialect.H2) return rs.getObject(column, Instant.class);
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  /**
   * The rows whose papers count, by subscriber (their place in the list asked for): each row's id and
   * body id (0 for none; identities start at 1), then the paper lists found for them.
   */
  private static final class PaperRefs {
    private final long[][] rows;
    private final int[] counts;
    private final List<List<PaperList>> lists;

    PaperRefs(int subscribers) {
      rows = new long[subscribers][];
      counts = new int[subscribers];
      lists = new ArrayList<>(Collections.nCopies(subscribers, null));
    }

    void add(int subscriber, long rowId, long bodyId) {
      long[] r = rows[subscriber];
      int n = counts[subscriber];
      if (r == null) r = rows[subscriber] = new long[2 * 40];
      else if (2 * n == r.length) r = rows[subscriber] = Arrays.copyOf(r, r.length * 2);
      r[2 * n] = rowId;
      r[2 * n + 1] = bodyId;
      counts[subscriber] = n + 1;
    }

    int subscribers() {
      return counts.length;
    }

    int count(int subscriber) {
      return counts[subscriber];
    }

    long rowId(int subscriber, int k) {
      return rows[subscriber][2 * k];
    }

    long bodyId(int subscriber, int k) {
      return rows[subscriber][2 * k + 1];
    }

    void addList(int subscriber, PaperList papers) {
      if (papers.isEmpty()) return;
      List<PaperList> l = lists.get(subscriber);
      if (l == null) lists.set(subscriber, l = new ArrayList<>());
      l.add(papers);
    }

    SentPapers papers(int subscriber) {
      List<PaperList> l = lists.get(subscriber);
      return l == null ? SentPapers.NONE : SentPapers.of(l);
    }
  }

  /**
   * Finds each referenced row's papers: a body's list read once and shared by every row of the body, a
   * row's own list read only when its body has none.
   */
  private void addPapers(Handle h, PaperRefs refs) {
    List<Long> missing = new ArrayList<>();
    for (int i = 0; i < refs.subscribers(); i++) {
      for (int k = 0; k < refs.count(i); k++) {
        long body = refs.bodyId(i, k);
        if (body != 0 && !bodyPaperCache.has(body)) missing.add(body);
      }
    }
    readBodyPapers(h, missing);
    Map<Long, Integer> ownOf = new HashMap<>();
    for (int i = 0; i < refs.subscribers(); i++) {
      for (int k = 0; k < refs.count(i); k++) {
        long body = refs.bodyId(i, k);
        PaperList list = body == 0 ? null : bodyPaperCache.get(body);
        if (list != null) refs.addList(i, list);
        else ownOf.put(refs.rowId(i, k), i);
      }
    }
    // subscribers with the same topics were sent the same papers: each list parsed once, its ids shared
    Map<String, PaperList> parsed = new HashMap<>();
    for (List<Long> chunk : chunks(ownOf.keySet())) {
      h.createQuery("SELECT id, paper_ids FROM outbox WHERE id IN (<ids>)")
          .bindList("ids", chunk)
          .map((rs, ctx) -> {
            refs.addList(ownOf.get(rs.getLong("id")),
                parsed.computeIfAbsent(rs.getString("paper_ids"), json -> PaperList.of(strings(json))));
            return 1;
          })
          .list();
    }
  }

  /** Reads the paper lists of these bodies into the cache (a body without one is remembered as such). */
  private void readBodyPapers(Handle h, Collection<Long> bodyIds) {
    for (List<Long> chunk : chunks(new HashSet<>(bodyIds))) {
      h.createQuery("SELECT id, paper_ids FROM digest_body WHERE id IN (<ids>)")
          .bindList("ids", chunk)
          .map((rs, ctx) -> {
            String json = rs.getString("paper_ids");
            bodyPaperCache.put(rs.getLong("id"), json == null ? null : strings(json));
            return 1;
          })
          .list();
    }
  }
}
