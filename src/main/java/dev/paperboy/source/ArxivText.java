package dev.paperboy.source;

import com.rometools.rome.feed.module.DCModule;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndPerson;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/** The text fields of one arXiv Atom entry or RSS item, cleaned up. */
final class ArxivText {
  /** rss.arxiv.org starts each description with "arXiv:2406.03736v1 Announce Type: new \nAbstract: ". */
  private static final Pattern ANNOUNCE_PREFIX =
      Pattern.compile("(?is)^\\s*arXiv:\\S+\\s+Announce Type:\\s*\\S+\\s*(?:Abstract:\\s*)?");
  /** The older export.arxiv.org RSS appended "(arXiv:2406.03736v1 [cs.LG] UPDATED)" to titles. */
  private static final Pattern TITLE_ID_SUFFIX = Pattern.compile("\\.?\\s*\\(arXiv:[^()]*\\)\\s*$");
  private static final Pattern HTML = Pattern.compile("</?[a-zA-Z][a-zA-Z0-9]*(\\s[^<>]*)?/?>|&(#\\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);");
  private static final Pattern NAME_SUFFIX = Pattern.compile("(?i)(jr|sr)\\.?|ii|iii|iv");

  private ArxivText() {}

  static String title(SyndEntry entry) {
    return Whitespace.collapse(TITLE_ID_SUFFIX.matcher(Whitespace.collapse(entry.getTitle())).replaceFirst(""));
  }

  /** The entry's arXiv id without version, from its id/guid, its link or its description; or null. */
  static String arxivId(SyndEntry entry) {
    for (String candidate : new String[] {entry.getUri(), entry.getLink(), rawDescription(entry)}) {
      String id = ArxivIds.find(candidate);
      if (id != null) return id;
    }
    return null;
  }

  /** Abstract as plain text: markup removed, the RSS announce prefix dropped, line breaks unfolded. */
  static String abstractText(SyndEntry entry) {
    String text = rawDescription(entry);
    if (text == null) return "";
    // only real markup goes through jsoup: a bare "x<y" in an abstract must survive
    if (HTML.matcher(text).find()) text = Jsoup.parseBodyFragment(text).text();
    return Whitespace.unfold(ANNOUNCE_PREFIX.matcher(text).replaceFirst(""));
  }

  /** Atom lists one author element each; RSS has dc:creator with comma-separated names. */
  static List<String> authors(SyndEntry entry) {
    List<String> names = new ArrayList<>();
    for (SyndPerson person : entry.getAuthors()) addName(names, person.getName());
    if (!names.isEmpty()) return names;
    DCModule dc = (DCModule) entry.getModule(DCModule.URI);
    List<String> creators = dc == null || dc.getCreators().isEmpty() ? List.of(nullToEmpty(entry.getAuthor())) : dc.getCreators();
    for (String creator : creators) {
      String plain = HTML.matcher(creator).find() ? Jsoup.parseBodyFragment(creator).text() : creator;
      for (String name : plain.split(",|\\s+and\\s+")) addName(names, name);
    }
    return names;
  }

  private static void addName(List<String> names, String name) {
    String n = Whitespace.collapse(name);
    if (n.isEmpty()) return;
    if (NAME_SUFFIX.matcher(n).matches() && !names.isEmpty()) {
      names.set(names.size() - 1, names.get(names.size() - 1) + ", " + n); // "Smith, Jr." is one author
    } else {
      names.add(n);
    }
  }

  private static String rawDescription(SyndEntry entry) {
    SyndContent description = entry.getDescription();
    if (description != null && description.getValue() != null) return description.getValue();
    return entry.getContents().isEmpty() ? null : entry.getContents().get(0).getValue();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
