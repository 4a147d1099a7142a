package dev.paperboy.bench;

import dev.paperboy.deliver.DigestPersonaliser;
import dev.paperboy.deliver.Dispatcher;
import dev.paperboy.deliver.Outbox;
import dev.paperboy.deliver.OutboxRow;
import dev.paperboy.render.Links;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.Topic;
import dev.paperboy.storage.Database;
import dev.paperboy.storage.JsonColumns;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The outbox of an installation that has been running for a while: for every subscriber one sent
 * digest a day for the {@code days} days before the benchmark composes, each with its recipient
 * values and {@value #PAPERS} papers of that day's listing. Subscribers with the same topics, excludes
 * and max_papers were sent the same papers, as selection would have sent them. Selection reads this
 * history (the window since the last digest, the papers already sent), so compose and cycle run as
 * they would on day {@code days + 1} rather than on the first day.
 *
 * <p>Written straight into the outbox in batches, not composed: a year of history at 100,000
 * subscribers is 36.5 million rows, far more than the benchmark could compose in a reasonable time.
 */
final class PastDigests {
  /** Papers in each past digest (max_papers is 10 by default, and not every day fills it). */
  static final int PAPERS = 8;
  /** Rows per transaction. */
  private static final int BATCH = 5_000;
  private static final String SENT_BY = "bench-history";

  private final Database db;
  private final Outbox outbox;
  private final Links links;
  private final long seed;

  /** One past digest, as its outbox row holds it. */
  private record PastRow(String publicId, String subscriber, String email, LocalDate date, OffsetDateTime windowEnd,
      long bodyId, String recipient, String paperIds, String messageId) {}

  /** @param outbox the outbox the rows go into: message ids as composition makes them */
  PastDigests(Database db, Outbox outbox, Links links, long seed) {
    this.db = db;
    this.outbox = outbox;
    this.links = links;
    this.seed = seed;
  }

  /**
   * Stores {@code days} past digests for each of {@code subscribers} subscribers, the latest a day
   * before {@code composeAt}.
   *
   * @param subscriber subscriber i (its id is {@link Bench#id})
   * @return the rows stored
   */
  long store(int subscribers, IntFunction<Subscriber> subscriber, int days, Instant composeAt,
      Dispatcher.Progress progress) {
    String[] emails = new String[subscribers];
    String[] recipients = new String[subscribers];
    long[] mixes = new long[subscribers];
    for (int i = 0; i < subscribers; i++) {
      Subscriber s = subscriber.apply(i);
      String id = Bench.id(i);
      emails[i] = s.email();
      recipients[i] = JsonColumns.write(Map.of(OutboxRow.NAME, s.name(), OutboxRow.UNSUBSCRIBE_URL,
          links.unsubscribe(id), DigestPersonaliser.MANAGE_URL, links.manage(id)));
      mixes[i] = Objects.hash(s.topics().stream().map(Topic::key).toList(), s.exclude(), s.maxPapers());
    }
    long total = (long) subscribers * days;
    long done = 0;
    List<PastRow> rows = new ArrayList<>(BATCH);
    // a day at a time, as composition stores them: a subscriber's rows lie as far apart as they would
    for (int k = days; k >= 1; k--) {
      Instant windowEnd = composeAt.minus(Duration.ofDays(k));
      LocalDate date = windowEnd.atOffset(ZoneOffset.UTC).toLocalDate();
      Map<Long, String> papersOfMix = new HashMap<>();
      for (long mix : mixes) {
        int day = k;
        papersOfMix.computeIfAbsent(mix, m -> papers(m, day, date));
      }
      Map<Long, Long> bodyOfMix = storeBodies(k, papersOfMix, windowEnd);
      for (int i = 0; i < subscribers; i++) {
        String publicId = String.format(Locale.ROOT, "past%04d%018d", k, i);
        rows.add(new PastRow(publicId, Bench.id(i), emails[i], date, ts(windowEnd), bodyOfMix.get(mixes[i]),
            recipients[i], papersOfMix.get(mixes[i]), outbox.messageId(date, publicId)));
        if (rows.size() == BATCH) {
          insert(rows);
          done += rows.size();
          rows.clear();
          progress.update(done, total);
        }
      }
    }
    insert(rows);
    done += rows.size();
    progress.update(done, total);
    return done;
  }

  /**
   * One body per topic mix of the day, as composition stores a body per content and paper list; its
   * text is a stand-in (nothing sends these rows again), its paper list is what history reads.
   *
   * @return body ids by mix
   */
  private Map<Long, Long> storeBodies(int daysBefore, Map<Long, String> papersOfMix, Instant createdAt) {
    return db.jdbi().inTransaction(h -> {
      PreparedBatch batch = h.prepareBatch("INSERT INTO digest_body (content_hash, subject, html, text, paper_ids,"
          + " created_at) VALUES (:hash, 'Past digest', '<p>Past digest</p>', 'Past digest', :paperIds, :at)");
      papersOfMix.forEach((mix, papers) -> batch.bind("hash", hash(daysBefore, mix)).bind("paperIds", papers)
          .bind("at", ts(createdAt)).add());
      batch.execute();
      Map<String, Long> byHash = new HashMap<>();
      h.createQuery("SELECT id, content_hash FROM digest_body WHERE content_hash LIKE :prefix")
          .bind("prefix", "past-" + daysBefore + "-%")
          .map((rs, ctx) -> byHash.put(rs.getString("content_hash"), rs.getLong("id")))
          .list();
      Map<Long, Long> out = new HashMap<>();
      papersOfMix.keySet().forEach(mix -> out.put(mix, byHash.get(hash(daysBefore, mix))));
      return out;
    });
  }

  private static String hash(int daysBefore, long mix) {
    return "past-" + daysBefore + "-" + mix;
  }

  /** Distinct ranks of the day's listing, the same for the same seed, topic mix and day. */
  private String papers(long mix, int daysBefore, LocalDate date) {
    SplittableRandom r = new SplittableRandom(seed * 31 + mix * 1_000_003L + daysBefore);
    boolean[] taken = new boolean[SampleCatalog.PER_DAY + 1];
    List<String> ids = new ArrayList<>(PAPERS);
    while (ids.size() < PAPERS) {
      int rank = 1 + r.nextInt(SampleCatalog.PER_DAY);
      if (taken[rank]) continue;
      taken[rank] = true;
      ids.add(SampleCatalog.arxivId(date, rank));
    }
    return JsonColumns.write(ids);
  }

  private void insert(List<PastRow> rows) {
    if (rows.isEmpty()) return;
    db.jdbi().useTransaction(h -> {
      PreparedBatch batch = h.prepareBatch("INSERT INTO outbox (public_id, subscriber_id, email, digest_date,"
          + " window_end, body_id, recipient, paper_ids, message_id, kind, resend_no, status, attempts,"
          + " next_attempt_at, created_at, queued_at, sent_at, updated_at, composed_by, sent_by) VALUES"
          + " (:publicId, :subscriber, :email, :date, :windowEnd, :bodyId, :recipient, :paperIds, :messageId,"
          + " 'digest', 0, 'sent', 1, :windowEnd, :windowEnd, :windowEnd, :windowEnd, :windowEnd, :by, :by)");
      for (PastRow row : rows) {
        batch.bind("publicId", row.publicId()).bind("subscriber", row.subscriber()).bind("email", row.email())
            .bind("date", row.date()).bind("windowEnd", row.windowEnd()).bind("bodyId", row.bodyId())
            .bind("recipient", row.recipient())
            .bind("paperIds", row.paperIds()).bind("messageId", row.messageId()).bind("by", SENT_BY).add();
      }
      batch.execute();
    });
  }

  private static OffsetDateTime ts(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }
}
