package dev.paperboy.source;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the daily-papers page saved as text: some page chrome, usually a date line ("Mar 14"),
 * then for each paper a title line followed by an abstract line. Blank lines mean nothing.
 *
 * <p>The page is parsed by structure, never by line numbers. Each non-blank line is, in this order:
 * a date line (see {@link ListingDate}); an upvote count ("12", "1.2k", "▲ 12"), which belongs to
 * the title right after it, or to the title right before it when that has no abstract yet; page
 * chrome ("Subscribe", "Previous", "· 5 authors", "Submitted by …"), skipped wherever it appears;
 * an abstract if it is <em>prose</em>; otherwise a title.
 *
 * <p><b>Abstract or title.</b> A line is prose when it has at least 120 characters and 15 words and
 * either ends like a sentence (".", "!", "…", or the page's "[...]" truncation mark, kept as is) or
 * contains two sentence breaks (". " and a capital). Titles are one short line without a final
 * period, so they are not prose. Right after a title the structure expects an abstract, so there a
 * line of at least 250 characters and 30 words counts as the abstract even without punctuation. A
 * title with no abstract after it, or an abstract with no title before it, is an error: the file is
 * truncated, mangled, or not a listing. So is a last abstract cut off where the file ends (see
 * below). One exception keeps unknown page chrome out of the papers:
 * before the first paper, a short line followed by another short line is taken as a header line
 * (with a warning), because only the line right before the first abstract can be its title.
 *
 * <p>The listing date comes from the first date line; a year-less date is the latest such day not
 * after {@link ParseContext#ingestDate()}. Without a date line the ingest date is used, with a
 * warning unless the user chose it. A paper listed twice is kept once, at its first place.
 *
 * <p><b>A file cut in its last abstract.</b> Neither the page nor the dumps of it have a footer, and
 * the real dumps end right after the last abstract with no line break: so a file that stops in the
 * middle of an abstract looks like a whole one, as far as structure goes. What tells them apart is
 * how that last line ends. An abstract followed by a line break is whole (a page that cut an abstract
 * short, as it sometimes does, is believed). One on the file's very last line, with no line break
 * after it, must end the way abstracts end ({@link ListingLines#endsLikeAnAbstract}: a sentence, the
 * page's "[...]", or a link with a path), else the file is reported as truncated; a cut at a random
 * byte almost always lands inside a word or a host name. Of the samples' 135 abstracts, 128 end a
 * sentence, 5 end with a link and 2 otherwise ("... Keywords: ... Diffusion Model", one the page cut
 * at "atmosp"), none of them last. Should a complete listing's last abstract end like those two, the
 * message says to end the file with a line break, which marks the line as complete.
 */
public final class ListingParser implements SourceParser {

  @Override
  public ParsedSource parse(String name, byte[] content, ParseContext context) throws SourceException {
    String text = TextDecoder.decode(name, content);
    if (text.isBlank()) throw new SourceException(name, null, "no papers found (the input is empty)");
    String[] lines = text.split("\r\n|\r|\n", -1);
    Scan scan = new Scan(name);
    for (int i = 0; i < lines.length; i++) {
      scan.accept(i + 1, Whitespace.collapse(lines[i]));
    }
    // split leaves "" last when a line break ends the text: only then is the last line known to be whole
    boolean lastLineUnended = !Whitespace.collapse(lines[lines.length - 1]).isEmpty();
    scan.finish(lastLineUnended ? lines.length : 0);
    return scan.result(context);
  }

  private record Entry(int line, String title, String abstractText, Integer upvotes) {}

  /** The state of one pass over one listing; parsers themselves stay stateless. */
  private static final class Scan {
    private final String name;
    private final List<Entry> entries = new ArrayList<>();
    private final List<ParsedSource.Skipped> skipped = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, Integer> titleLines = new HashMap<>();
    private ListingDate date;
    private int dateLine;
    private int titleLine; // the title waiting for its abstract, 0 when none
    private String title;
    private Integer titleUpvotes;
    private Integer pendingUpvotes; // a bare number seen before its title
    private int pendingUpvotesLine;
    private int abstractLine; // the last content line when it was an abstract, else 0
    private boolean sawChromeOrDate; // evidence that this is a listing at all

    Scan(String name) {
      this.name = name;
    }

    void accept(int n, String line) throws SourceException {
      if (line.isEmpty()) return;
      if (acceptDate(n, line)) return;
      Integer upvotes = ListingLines.upvotes(line);
      if (upvotes != null) {
        acceptUpvotes(n, upvotes);
      } else if (ListingLines.isChrome(line)) {
        sawChromeOrDate |= ListingLines.isNamedChrome(line);
      } else if (ListingLines.isProse(line) || (titleLine > 0 && ListingLines.isLongText(line))) {
        acceptAbstract(n, line);
      } else {
        acceptTitle(n, line);
      }
    }

    private boolean acceptDate(int n, String line) throws SourceException {
      ListingDate parsed;
      try {
        parsed = ListingDate.parse(line);
      } catch (DateTimeException e) {
        throw new SourceException(name, String.valueOf(n), "date line '" + line + "' names no real day");
      }
      if (parsed == null) return false;
      sawChromeOrDate = true;
      if (date == null) {
        date = parsed;
        dateLine = n;
      } else if (!parsed.equals(date)) {
        warnings.add("ignored date line " + n + " ('" + line + "'); the listing is dated by line " + dateLine);
      }
      return true;
    }

    private void acceptUpvotes(int n, int upvotes) {
      if (titleLine > 0 && titleUpvotes == null) {
        titleUpvotes = upvotes; // right after its title
      } else {
        pendingUpvotes = upvotes; // right before the next title
        pendingUpvotesLine = n;
      }
    }

    private void acceptAbstract(int n, String line) throws SourceException {
      if (titleLine == 0 && abstractLine > 0) {
        throw new SourceException(name, String.valueOf(n),
            "two abstract-like lines in a row (lines " + abstractLine + " and " + n + "); is a title missing?");
      }
      if (titleLine == 0) {
        throw new SourceException(name, String.valueOf(n),
            "abstract-like text with no title before it" + (entries.isEmpty() ? " (not a daily-papers listing?)" : ""));
      }
      entries.add(new Entry(titleLine, title, line, titleUpvotes));
      titleLine = 0;
      abstractLine = n;
    }

    private void acceptTitle(int n, String line) throws SourceException {
      if (titleLine > 0 && !entries.isEmpty()) {
        throw new SourceException(name, String.valueOf(titleLine),
            "title at line " + titleLine + " has no abstract (line " + n + " looks like another title)");
      }
      if (titleLine > 0) {
        warnings.add("ignored line " + titleLine + " ('" + title + "'): looks like a header line, not a paper");
      }
      titleLine = n;
      title = line;
      titleUpvotes = pendingUpvotes;
      pendingUpvotes = null;
      abstractLine = 0;
    }

    /** @param unendedLine the number of the file's last line when no line break follows it, else 0 */
    void finish(int unendedLine) throws SourceException {
      if (entries.isEmpty() && !(titleLine > 0 && sawChromeOrDate)) {
        throw new SourceException(name, null, "no papers found (not a daily-papers listing?)");
      }
      if (titleLine > 0) {
        throw new SourceException(name, String.valueOf(titleLine), "title at line " + titleLine + " has no abstract (truncated listing?)");
      }
      if (unendedLine > 0 && abstractLine == unendedLine
          && !ListingLines.endsLikeAnAbstract(entries.get(entries.size() - 1).abstractText())) {
        throw new SourceException(name, String.valueOf(abstractLine), "the abstract at line " + abstractLine
            + " stops mid-sentence where the file ends (truncated listing?); if the listing is complete,"
            + " end the file with a line break");
      }
      if (pendingUpvotes != null) {
        warnings.add("ignored line " + pendingUpvotesLine + " (" + pendingUpvotes + "): an upvote count with no title after it");
      }
    }

    ParsedSource result(ParseContext context) {
      LocalDate listedOn = date == null ? context.ingestDate() : date.resolve(context.ingestDate());
      if (date == null && !context.explicitDate()) warnings.add(0, "no date line; dated " + listedOn + " (today)");
      List<ParsedPaper> papers = new ArrayList<>();
      for (Entry e : entries) {
        Integer first = titleLines.putIfAbsent(e.title.toLowerCase(Locale.ROOT), e.line);
        if (first != null) {
          skipped.add(new ParsedSource.Skipped("line " + e.line, "duplicate of line " + first));
          continue;
        }
        papers.add(new ParsedPaper(null, e.title, e.abstractText, List.of(), listedOn, papers.size() + 1,
            e.upvotes, null, List.of(), null));
      }
      return new ParsedSource(name, SourceFormat.LISTING, papers, skipped, warnings);
    }
  }
}
