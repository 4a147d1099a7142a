package dev.paperboy.source;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.ParsingFeedException;
import com.rometools.rome.io.SyndFeedInput;
import java.io.StringReader;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses arXiv feeds with ROME: the API's Atom results ({@code export.arxiv.org/api/query}) and
 * the daily RSS ({@code rss.arxiv.org/rss/cs.LG}); the old RSS 1.0 (RDF) feeds go through the same path.
 *
 * <p><b>Listing day.</b> With an explicit --date, that day. Otherwise, for RSS, the item's pubDate,
 * else the channel's, read in arXiv's own time zone (US Eastern: the feed says "Fri, 07 Jun 2024
 * 00:00:00 -0400" for the 7th). Atom results of the API are search results, not a daily listing, and
 * their published/updated stamps are submission and revision times, so they are dated by the ingest
 * day. Rank is feed order within a day.
 *
 * <p>Ids lose their version ("2406.03736v2" becomes "2406.03736"; old-style "hep-th/9901001" works).
 * DOCTYPEs are refused, so no external entity can ever be resolved.
 */
public final class ArxivFeedParser implements SourceParser {
  private static final ZoneId ARXIV_ZONE = ZoneId.of("America/New_York");

  @Override
  public ParsedSource parse(String name, byte[] content, ParseContext context) throws SourceException {
    SyndFeed feed = read(name, TextDecoder.decode(name, content));
    boolean atom = feed.getFeedType() != null && feed.getFeedType().startsWith("atom");
    List<ParsedPaper> papers = new ArrayList<>();
    List<ParsedSource.Skipped> skipped = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Map<LocalDate, Integer> lastRank = new HashMap<>();
    Map<String, Integer> firstEntry = new HashMap<>();
    List<SyndEntry> entries = feed.getEntries();
    if (entries.isEmpty()) warnings.add("the feed has no entries");
    for (int i = 0; i < entries.size(); i++) {
      SyndEntry entry = entries.get(i);
      String where = "entry " + (i + 1);
      if (atom && entry.getUri() != null && entry.getUri().contains("arxiv.org/api/errors")) {
        throw new SourceException(name, where, "arXiv API error: " + ArxivText.abstractText(entry));
      }
      String title = ArxivText.title(entry);
      if (title.isEmpty()) {
        skipped.add(new ParsedSource.Skipped(where, "no title"));
        continue;
      }
      String id = ArxivText.arxivId(entry);
      LocalDate listedOn = listingDay(feed, entry, atom, context, warnings);
      Integer first = firstEntry.putIfAbsent(listedOn + " " + (id != null ? id : title.toLowerCase(Locale.ROOT)), i + 1);
      if (first != null) {
        skipped.add(new ParsedSource.Skipped(where, "duplicate of entry " + first));
        continue;
      }
      papers.add(new ParsedPaper(id, title, ArxivText.abstractText(entry), ArxivText.authors(entry), listedOn,
          lastRank.merge(listedOn, 1, Integer::sum), null, null, List.of(), null));
    }
    return new ParsedSource(name, SourceFormat.ARXIV, papers, skipped, warnings);
  }

  private static SyndFeed read(String name, String text) throws SourceException {
    SyndFeedInput input = new SyndFeedInput();
    input.setAllowDoctypes(false); // the default, stated: no DOCTYPE means no external entities (XXE)
    try {
      return input.build(new StringReader(text));
    } catch (ParsingFeedException e) {
      String location = e.getLineNumber() > 0 ? e.getLineNumber() + ":" + e.getColumnNumber() : null;
      throw new SourceException(name, location, reason(e), e);
    } catch (FeedException e) {
      throw new SourceException(name, null, "not an arXiv feed: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) { // ROME's answer to well-formed XML that is no feed
      throw new SourceException(name, null, "XML that is not an RSS or Atom feed", e);
    }
  }

  private static String reason(ParsingFeedException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String message = root.getMessage() == null ? e.getMessage() : root.getMessage();
    if (message != null && message.contains("DOCTYPE")) return "XML with a DOCTYPE is refused (it could pull in external entities)";
    return "malformed XML: " + message;
  }

  private static LocalDate listingDay(SyndFeed feed, SyndEntry entry, boolean atom, ParseContext context, List<String> warnings) {
    if (context.explicitDate() || atom) return context.ingestDate();
    Date published = entry.getPublishedDate() != null ? entry.getPublishedDate() : feed.getPublishedDate();
    if (published != null) return published.toInstant().atZone(ARXIV_ZONE).toLocalDate();
    String warning = "no pubDate in the feed; dated " + context.ingestDate() + " (today)";
    if (!warnings.contains(warning)) warnings.add(warning);
    return context.ingestDate();
  }
}
