package dev.paperboy.catalog;

import dev.paperboy.storage.JsonColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** All SQL of the catalog. Works on the caller's handle, so the caller decides the transaction. */
public final class CatalogStore {
  private static final int CHUNK = 500;
  private static final String PAPER_COLUMNS =
      "id, arxiv_id, title, abstract, authors, keywords, github_url, hf_url, upvotes, source, first_seen";

  private final Handle handle;

  public CatalogStore(Handle handle) {
    this.handle = handle;
  }

  /** The existing paper this one would merge into: same arXiv id, else same normalised title. */
  public Optional<Paper> findMatch(String arxivId, String titleKey) {
    if (arxivId != null) {
      Optional<Paper> byId = handle.createQuery("SELECT " + PAPER_COLUMNS + " FROM paper WHERE arxiv_id = :a")
          .bind("a", arxivId)
          .map((rs, ctx) -> paper(rs, List.of()))
          .findFirst();
      if (byId.isPresent()) return byId.map(this::withListings);
    }
    return handle.createQuery("SELECT " + PAPER_COLUMNS + " FROM paper WHERE title_key = :k")
        .bind("k", titleKey)
        .map((rs, ctx) -> paper(rs, List.of()))
        .findFirst()
        .map(this::withListings);
  }

  public boolean arxivIdTaken(String arxivId) {
    return handle.createQuery("SELECT COUNT(*) FROM paper WHERE arxiv_id = :a").bind("a", arxivId)
        .mapTo(Integer.class).one() > 0;
  }

  public boolean idTaken(String id) {
    return handle.createQuery("SELECT COUNT(*) FROM paper WHERE id = :id").bind("id", id).mapTo(Integer.class).one() > 0;
  }

  public void insert(Paper p, String titleKey) {
    handle.createUpdate("INSERT INTO paper (id, arxiv_id, title_key, title, abstract, authors, keywords, github_url,"
            + " hf_url, upvotes, source, first_seen) VALUES (:id, :arxiv, :key, :title, :abstract, :authors,"
            + " :keywords, :github, :hf, :upvotes, :source, :firstSeen)")
        .bind("id", p.id())
        .bind("arxiv", p.arxivId())
        .bind("key", titleKey)
        .bind("title", p.title())
        .bind("abstract", p.abstractText())
        .bind("authors", json(p.authors()))
        .bind("keywords", json(p.keywords()))
        .bind("github", p.githubUrl())
        .bind("hf", p.hfUrl())
        .bind("upvotes", p.upvotes())
        .bind("source", p.source())
        .bind("firstSeen", OffsetDateTime.ofInstant(p.firstSeen(), ZoneOffset.UTC))
        .execute();
  }

  /** Rewrites the fields a later source may improve; id, title and first_seen never change. */
  public void update(Paper p) {
    handle.createUpdate("UPDATE paper SET arxiv_id = :arxiv, abstract = :abstract, authors = :authors,"
            + " keywords = :keywords, github_url = :github, hf_url = :hf, upvotes = :upvotes WHERE id = :id")
        .bind("id", p.id())
        .bind("arxiv", p.arxivId())
        .bind("abstract", p.abstractText())
        .bind("authors", json(p.authors()))
        .bind("keywords", json(p.keywords()))
        .bind("github", p.githubUrl())
        .bind("hf", p.hfUrl())
        .bind("upvotes", p.upvotes())
        .execute();
  }

  public void addListing(String paperId, Listing l) {
    handle.createUpdate("INSERT INTO paper_listing (paper_id, listed_on, position, upvotes, source)"
            + " VALUES (:id, :date, :position, :upvotes, :source)")
        .bind("id", paperId)
        .bind("date", l.date())
        .bind("position", l.rank())
        .bind("upvotes", l.upvotes())
        .bind("source", l.source())
        .execute();
  }

  /** Papers listed on or after {@code since} (all when null), most recently listed first, then by rank. */
  public List<Paper> papers(LocalDate since) {
    String where = since == null ? "" : " WHERE p.id IN (SELECT paper_id FROM paper_listing WHERE listed_on >= :since)";
    var q = handle.createQuery("SELECT " + prefixed() + ", l.last_on, l.last_rank FROM paper p"
        + " LEFT JOIN (SELECT x.paper_id, x.listed_on AS last_on, x.position AS last_rank FROM paper_listing x"
        + "   WHERE x.listed_on = (SELECT MAX(y.listed_on) FROM paper_listing y WHERE y.paper_id = x.paper_id)) l"
        + "   ON l.paper_id = p.id" + where
        + " ORDER BY l.last_on DESC, l.last_rank ASC, p.first_seen DESC, p.id");
    if (since != null) q.bind("since", since);
    return withListings(q.map((rs, ctx) -> paper(rs, List.of())).list());
  }

  /** Papers by id, in no particular order; unknown ids are left out. */
  public List<Paper> byIds(Collection<String> ids) {
    List<Paper> out = new ArrayList<>();
    List<String> all = new ArrayList<>(ids);
    for (int i = 0; i < all.size(); i += CHUNK) {
      out.addAll(handle.createQuery("SELECT " + PAPER_COLUMNS + " FROM paper WHERE id IN (<ids>)")
          .bindList("ids", all.subList(i, Math.min(all.size(), i + CHUNK)))
          .map((rs, ctx) -> paper(rs, List.of()))
          .list());
    }
    return withListings(out);
  }

  /** Papers first seen after {@code after} (exclusive) and up to {@code upTo} (inclusive). */
  public List<Paper> firstSeenBetween(Instant after, Instant upTo) {
    return withListings(handle.createQuery("SELECT " + PAPER_COLUMNS + " FROM paper"
            + " WHERE first_seen > :after AND first_seen <= :upTo ORDER BY first_seen, id")
        .bind("after", OffsetDateTime.ofInstant(after, ZoneOffset.UTC))
        .bind("upTo", OffsetDateTime.ofInstant(upTo, ZoneOffset.UTC))
        .map((rs, ctx) -> paper(rs, List.of()))
        .list());
  }

  /** Papers on the listing of one day. */
  public List<Paper> listedOn(LocalDate day) {
    return withListings(handle.createQuery("SELECT " + prefixed() + " FROM paper p"
            + " JOIN paper_listing l ON l.paper_id = p.id WHERE l.listed_on = :day ORDER BY l.position, p.id")
        .bind("day", day)
        .map((rs, ctx) -> paper(rs, List.of()))
        .list());
  }

  /** The most recent listing day not after {@code day}, if any. */
  public Optional<LocalDate> latestListingDay(LocalDate day) {
    return handle.createQuery("SELECT MAX(listed_on) FROM paper_listing WHERE listed_on <= :day")
        .bind("day", day)
        .mapTo(LocalDate.class)
        .findOne();
  }

  public int count() {
    return handle.createQuery("SELECT COUNT(*) FROM paper").mapTo(Integer.class).one();
  }

  private Paper withListings(Paper p) {
    return withListings(List.of(p)).get(0);
  }

  private List<Paper> withListings(List<Paper> papers) {
    if (papers.isEmpty()) return papers;
    Map<String, List<Listing>> listings = new HashMap<>();
    List<String> ids = papers.stream().map(Paper::id).toList();
    for (int i = 0; i < ids.size(); i += CHUNK) {
      handle.createQuery("SELECT paper_id, listed_on, position, upvotes, source FROM paper_listing"
              + " WHERE paper_id IN (<ids>)")
          .bindList("ids", ids.subList(i, Math.min(ids.size(), i + CHUNK)))
          .map((rs, ctx) -> Map.entry(rs.getString("paper_id"), new Listing(
              rs.getObject("listed_on", LocalDate.class), rs.getInt("position"),
              (Integer) rs.getObject("upvotes"), rs.getString("source"))))
          .forEach(e -> listings.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    }
    Map<String, Paper> ordered = new LinkedHashMap<>();
    for (Paper p : papers) {
      ordered.put(p.id(), new Paper(p.id(), p.arxivId(), p.title(), p.abstractText(), p.authors(), p.keywords(),
          p.githubUrl(), p.hfUrl(), p.upvotes(), p.source(), p.firstSeen(), listings.getOrDefault(p.id(), List.of())));
    }
    return new ArrayList<>(ordered.values());
  }

  private static String prefixed() {
    return "p." + PAPER_COLUMNS.replace(", ", ", p.");
  }

  private static Paper paper(ResultSet rs, List<Listing> listings) throws SQLException {
    return new Paper(
        rs.getString("id"),
        rs.getString("arxiv_id"),
        rs.getString("title"),
        rs.getString("abstract"),
        strings(rs.getString("authors")),
        strings(rs.getString("keywords")),
        rs.getString("github_url"),
        rs.getString("hf_url"),
        (Integer) rs.getObject("upvotes"),
        rs.getString("source"),
        rs.getObject("first_seen", OffsetDateTime.class).toInstant(),
        listings);
  }

  private static String json(List<String> values) {
    return JsonColumns.write(values);
  }

  private static List<String> strings(String json) {
    return JsonColumns.strings(json, "catalog");
  }
}
