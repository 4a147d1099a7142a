package dev.paperboy.render;

import dev.paperboy.catalog.Paper;
import dev.paperboy.select.Digest;
import dev.paperboy.select.Pick;
import dev.paperboy.select.Section;
import dev.paperboy.select.Topic;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the templates see as {@code digest}: every value already cleaned, shortened and formatted,
 * so templates only place text and never need logic on data. Built from the digest's shape alone
 * (never from the subscriber's name or address), which {@link DigestShape} relies on.
 *
 * @param date       "Saturday, 14 March 2026"
 * @param dateShort  "14 Mar"
 * @param isoDate    "2026-03-14"
 * @param countText  "5 new papers for you", "1 new paper for you", or the empty-digest line
 * @param topics     the subscriber's topics for the footer: "Diffusion models and State space models"
 * @param topicList  the same, one title per item
 */
public record DigestModel(
    String date,
    String dateShort,
    String isoDate,
    int paperCount,
    String countText,
    boolean empty,
    List<SectionModel> sections,
    String topics,
    List<String> topicList,
    String subject,
    String preheader) {

  static final int MAX_TITLE = 220;
  static final int MAX_ABSTRACT = 300;
  static final int MAX_AUTHOR = 60;
  static final int SHOWN_AUTHORS = 3;
  static final int MAX_TOPIC = 60;
  static final int MAX_FOOTER_TOPICS = 8;
  static final int MAX_PREHEADER = 140;
  static final int MAX_SUBJECT_TOPICS = 60;

  private static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofPattern("EEEE, d MMMM uuuu", Locale.ENGLISH);
  private static final DateTimeFormatter SHORT_DATE = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

  /** What templates see as {@code site}: from {@link RenderSettings}. */
  public record SiteModel(String name, String url, String listName) {}

  /**
   * What templates see as {@code recipient}: placeholder markers, swapped for each subscriber's
   * values after the render. Output them only (th:text, th:href, [(...)]); a condition on them
   * would test the marker, not the value. That is why the greeting is a field of its own.
   */
  public record RecipientModel(String greeting, String name, String email, String unsubscribeUrl, String manageUrl, String viewUrl) {
    static final RecipientModel MARKERS = new RecipientModel(
        Field.GREETING.marker(),
        Field.NAME.marker(),
        Field.EMAIL.marker(),
        Field.UNSUBSCRIBE_URL.marker(),
        Field.MANAGE_URL.marker(),
        Field.VIEW_URL.marker());
  }

  /** One topic's part of the digest. */
  public record SectionModel(String key, String title, int paperCount, List<PaperModel> papers) {}

  /**
   * One paper, shown once, under its best topic.
   *
   * @param number        1, 2, 3 ... across the whole digest
   * @param indent        spaces as wide as "N. " (three, or four from number 10): the text part starts a
   *                      paper's lines with it so that they line up under its title
   * @param url           where the title links: the Hugging Face page, else arXiv, else an arXiv search
   * @param authors       "A, B, C and 7 others"
   * @param abstractText  at most ~300 characters, cut after a word, ending in "…" when cut; shorter or
   *                      empty in a digest so large that its HTML would be clipped by Gmail
   * @param topics        every followed topic it matched, best first: "Diffusion models · State space models"
   * @param upvotes       null when unknown
   * @param upvotesText   "▲ 42", or null when unknown or zero
   * @param arxivUrl      null when unknown, like pdfUrl, codeUrl and hfUrl
   */
  public record PaperModel(
      int number,
      String indent,
      String id,
      String title,
      String url,
      String authors,
      List<String> authorList,
      String abstractText,
      boolean abstractTrimmed,
      String topics,
      List<String> topicList,
      Integer upvotes,
      String upvotesText,
      String arxivId,
      String arxivUrl,
      String pdfUrl,
      String codeUrl,
      String hfUrl) {}

  static DigestModel of(Digest digest) {
    return of(digest, MAX_ABSTRACT);
  }

  /** @param maxAbstract how much of each abstract to show, in code points; 0 shows none */
  static DigestModel of(Digest digest, int maxAbstract) {
    Objects.requireNonNull(digest, "digest");
    List<SectionModel> sections = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    int number = 0;
    for (Section s : digest.sections()) {
      List<PaperModel> papers = new ArrayList<>(s.picks().size());
      for (Pick p : s.picks()) {
        PaperModel m = paper(++number, p, maxAbstract);
        papers.add(m);
        titles.add(m.title());
      }
      if (!papers.isEmpty()) sections.add(new SectionModel(s.topic().key(), topicTitle(s.topic()), papers.size(), List.copyOf(papers)));
    }
    int count = number;
    String dateShort = digest.date().format(SHORT_DATE);
    List<String> followed = digest.subscriber().topics().stream().map(DigestModel::topicTitle).filter(t -> !t.isEmpty()).distinct().toList();
    List<String> sectionTitles = sections.stream().map(SectionModel::title).distinct().toList();
    return new DigestModel(
        digest.date().format(LONG_DATE),
        dateShort,
        digest.date().toString(),
        count,
        count == 0 ? "No new papers on your topics today" : count + (count == 1 ? " new paper" : " new papers") + " for you",
        count == 0,
        List.copyOf(sections),
        footerTopics(followed),
        followed,
        subject(count, sectionTitles, dateShort),
        preheader(titles));
  }

  /** What a paper shows whatever the digest it is in: made once per paper instance and abstract length. */
  private record PaperParts(Paper paper, int maxAbstract, String id, String title, String url, String authors,
      List<String> authorList, String abstractText, boolean abstractTrimmed, Integer upvotes, String upvotesText,
      String arxivId, String arxivUrl, String pdfUrl, String codeUrl, String hfUrl) {}

  /**
   * Recent papers' parts by id and abstract length: a cycle renders thousands of digests from a few
   * hundred papers, and cleaning and shortening each paper's texts for every digest was a tenth of a
   * render. Used only for the same (immutable) instance, so a paper that changed is made again.
   */
  private static final java.util.concurrent.ConcurrentHashMap<String, PaperParts> PARTS = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_PARTS = 20_000;

  private static PaperModel paper(int number, Pick pick, int maxAbstract) {
    Paper p = pick.paper();
    String cacheKey = maxAbstract + ":" + p.id();
    PaperParts parts = PARTS.get(cacheKey);
    if (parts == null || parts.paper() != p || parts.maxAbstract() != maxAbstract) {
      parts = parts(p, maxAbstract);
      if (PARTS.size() >= MAX_PARTS) PARTS.clear();
      PARTS.put(cacheKey, parts);
    }
    List<String> topics = pick.topics().stream().map(DigestModel::topicTitle).filter(t -> !t.isEmpty()).distinct().toList();
    return new PaperModel(
        number,
        " ".repeat(String.valueOf(number).length() + 2),
        parts.id(),
        parts.title(),
        parts.url(),
        parts.authors(),
        parts.authorList(),
        parts.abstractText(),
        parts.abstractTrimmed(),
        String.join(" · ", topics),
        topics,
        parts.upvotes(),
        parts.upvotesText(),
        parts.arxivId(),
        parts.arxivUrl(),
        parts.pdfUrl(),
        parts.codeUrl(),
        parts.hfUrl());
  }

  private static PaperParts parts(Paper p, int maxAbstract) {
    String title = Texts.clean(p.title());
    if (title.isEmpty()) title = "(untitled)";
    List<String> authors = p.authors().stream().map(Texts::clean).filter(a -> !a.isEmpty()).map(a -> Texts.shorten(a, MAX_AUTHOR)).toList();
    // clean only what can be shown: abstracts run to 2,000 characters and we show 300
    String raw = p.abstractText() == null ? "" : p.abstractText();
    int window = maxAbstract * 2 + 64;
    String abs = Texts.clean(raw.length() > window ? raw.substring(0, window) : raw);
    if (raw.length() > window && abs.codePointCount(0, abs.length()) <= maxAbstract) abs = Texts.clean(raw); // mostly blanks
    String shortAbs = maxAbstract <= 0 ? "" : Texts.shorten(abs, maxAbstract);
    boolean trimmed = raw.length() > window || !shortAbs.equals(abs);
    Integer upvotes = p.upvotes();
    String arxivId = p.arxivId() == null ? null : Texts.clean(p.arxivId());
    String arxivUrl = Texts.safeUrl(p.absUrl().orElse(null));
    String hfUrl = Texts.safeUrl(p.hfUrl());
    String url = hfUrl != null ? hfUrl : arxivUrl != null ? arxivUrl
        : "https://arxiv.org/search/?searchtype=title&query=" + URLEncoder.encode(title, StandardCharsets.UTF_8);
    return new PaperParts(
        p,
        maxAbstract,
        Texts.clean(p.id()),
        Texts.shorten(title, MAX_TITLE),
        url,
        Texts.shortList(authors, SHOWN_AUTHORS, "other", "others"),
        authors,
        shortAbs,
        trimmed,
        upvotes,
        upvotes != null && upvotes > 0 ? "▲ " + upvotes : null,
        arxivId,
        arxivUrl,
        Texts.safeUrl(p.pdfUrl().orElse(null)),
        Texts.safeUrl(p.githubUrl()),
        hfUrl);
  }

  private static String topicTitle(Topic t) {
    return Texts.shorten(Texts.clean(t.title()), MAX_TOPIC);
  }

  /** "A, B and C", or the first few and "and 5 more topics" for someone who follows many. */
  private static String footerTopics(List<String> followed) {
    if (followed.size() <= MAX_FOOTER_TOPICS) return Texts.joinAnd(followed);
    return Texts.shortList(followed, MAX_FOOTER_TOPICS - 1, "more topic", "more topics");
  }

  /** "5 new papers on Diffusion models, State space models — 14 Mar": one line, not yet encoded. */
  static String subject(int count, List<String> topics, String dateShort) {
    String s = "No new papers on your topics";
    if (count > 0) {
      s = count + (count == 1 ? " new paper" : " new papers");
      if (!topics.isEmpty()) s += " on " + topicPhrase(topics);
    }
    return Texts.clean(s + " — " + dateShort);
  }

  /** As many topic titles as fit in about 60 characters, at most three, then "and 2 more". */
  static String topicPhrase(List<String> topics) {
    for (int k = Math.min(3, topics.size()); k >= 1; k--) {
      int rest = topics.size() - k;
      String phrase = String.join(", ", topics.subList(0, k)) + (rest > 0 ? " and " + rest + " more" : "");
      if (k == 1 || phrase.codePointCount(0, phrase.length()) <= MAX_SUBJECT_TOPICS) return phrase;
    }
    throw new AssertionError("unreachable");
  }

  /** The first titles, for the inbox preview line. */
  static String preheader(List<String> titles) {
    if (titles.isEmpty()) return "Nothing new matched your topics today. We'll write again soon.";
    String all = String.join(" · ", titles.subList(0, Math.min(titles.size(), 6)));
    return Texts.shorten(all, MAX_PREHEADER);
  }
}
