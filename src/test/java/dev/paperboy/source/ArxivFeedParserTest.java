package dev.paperboy.source;

import static dev.paperboy.source.Samples.NOV_23_2026;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArxivFeedParserTest {
  private static final String ATOM = "arxiv-api-diffusion.atom.xml";
  private static final String RSS = "arxiv-rss-cs-lg.xml";
  private final ArxivFeedParser parser = new ArxivFeedParser();

  private ParsedSource sample(String name, ParseContext context) throws SourceException {
    return parser.parse(name, Samples.bytes(name), context);
  }

  private ParsedSource rss(String items) throws SourceException {
    return parser.parse("inline", Samples.utf8("""
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>t</title><link>https://arxiv.org</link>
        <description>d</description>
        """ + items + "</channel></rss>"), NOV_23_2026);
  }

  private static Map<String, String> listingAbstracts() throws SourceException {
    ListingParser listing = new ListingParser();
    return List.of("daily-papers-listing-mar12.txt", "daily-papers-listing-mar13.txt", "daily-papers-listing-mar14.txt").stream()
        .flatMap(s -> {
          try {
            return listing.parse(s, Samples.bytes(s), NOV_23_2026).papers().stream();
          } catch (SourceException e) {
            throw new AssertionError(e);
          }
        })
        .collect(Collectors.toMap(ParsedPaper::title, ParsedPaper::abstractText, (a, b) -> a));
  }

  @Test
  void atomApiResultsAreDatedByTheIngestDayInFeedOrder() throws Exception {
    ParsedSource parsed = sample(ATOM, NOV_23_2026);

    assertThat(parsed.format()).isEqualTo(SourceFormat.ARXIV);
    assertThat(parsed.papers()).extracting(ParsedPaper::arxivId)
        .containsExactly("2406.03736", "2406.04402", "2011.13456", "2204.13902", "cond-mat/9905123");
    assertThat(parsed.papers()).extracting(ParsedPaper::rank).containsExactly(1, 2, 3, 4, 5);
    assertThat(parsed.papers()).allSatisfy(p -> assertThat(p.listedOn()).isEqualTo(NOV_23_2026.ingestDate()));
    assertThat(parsed.papers().get(0).title())
        .isEqualTo("Your Absorbing Discrete Diffusion Secretly Models the Conditional Distributions of Clean Data");
    assertThat(parsed.papers().get(3).authors()).containsExactly("Qinsheng Zhang", "Yongxin Chen");
    assertThat(parsed.skipped()).isEmpty();
    assertThat(parsed.warnings()).isEmpty();
  }

  @Test
  void foldedTitlesAndSummariesUnfoldToTheListingText() throws Exception {
    Map<String, String> listed = listingAbstracts();
    List<ParsedPaper> fromFeeds = new ArrayList<>(sample(ATOM, NOV_23_2026).papers());
    fromFeeds.addAll(sample(RSS, NOV_23_2026).papers());

    List<ParsedPaper> onBoth = fromFeeds.stream().filter(p -> listed.containsKey(p.title())).toList();
    assertThat(onBoth).hasSize(7); // 4 of the 5 Atom entries, 3 of the 5 RSS items
    assertThat(onBoth).allSatisfy(p -> assertThat(p.abstractText()).isEqualTo(listed.get(p.title())));
  }

  @Test
  void rssItemsAreDatedByTheirPubDateInArxivTime() throws Exception {
    ParsedSource parsed = sample(RSS, NOV_23_2026);

    assertThat(parsed.papers()).extracting(ParsedPaper::arxivId)
        .containsExactly("2406.03736", "2406.04215", "2406.04127", "2406.04391", "2406.03829");
    assertThat(parsed.papers()).allSatisfy(p -> assertThat(p.listedOn()).isEqualTo(LocalDate.of(2024, 6, 7)));
    assertThat(parsed.papers()).extracting(ParsedPaper::rank).containsExactly(1, 2, 3, 4, 5);
    assertThat(parsed.papers().get(0).authors()).containsExactly("Jingyang Ou", "Shen Nie", "Kaiwen Xue", "Fengqi Zhu",
        "Jiacheng Sun", "Zhenguo Li", "Chongxuan Li");
  }

  @Test
  void rssDescriptionsLoseTheAnnouncePrefixButKeepTheirText() throws Exception {
    Map<String, ParsedPaper> byId = sample(RSS, NOV_23_2026).papers().stream()
        .collect(Collectors.toMap(ParsedPaper::arxivId, Function.identity()));

    assertThat(byId.values()).allSatisfy(p -> assertThat(p.abstractText()).doesNotContain("Announce Type", "arXiv:", "Abstract:"));
    assertThat(byId.get("2406.03736").abstractText()).startsWith("Discrete diffusion models with absorbing processes");
    assertThat(byId.get("2406.04127").abstractText()).contains("(acceptance rate < 0.2 on average for static trees)");
  }

  @Test
  void anExplicitDateWinsOverTheFeed() throws Exception {
    ParseContext march = new ParseContext(LocalDate.of(2026, 3, 14), true);

    assertThat(sample(RSS, march).papers()).allSatisfy(p -> assertThat(p.listedOn()).isEqualTo(LocalDate.of(2026, 3, 14)));
  }

  @Test
  void htmlDescriptionsOldTitleSuffixesAndCreatorLinksBecomePlainText() throws Exception {
    ParsedPaper p = rss("""
        <item><title>Deep Nets for Things. (arXiv:2406.00001v3 [cs.LG] UPDATED)</title>
        <link>http://arxiv.org/abs/2406.00001</link>
        <description>&lt;p&gt;We study &lt;em&gt;deep&lt;/em&gt;
        nets &amp;amp; things.&lt;/p&gt;</description>
        <dc:creator>&lt;a href="http://arxiv.org/find/cs/1/au:+Smith_J/0/1/0/all/0/1"&gt;John Smith&lt;/a&gt;, Jr., Ada Lovelace and Alan Turing</dc:creator>
        <pubDate>Thu, 06 Jun 2024 20:30:00 -0400</pubDate></item>
        """).papers().get(0);

    assertThat(p.title()).isEqualTo("Deep Nets for Things");
    assertThat(p.arxivId()).isEqualTo("2406.00001");
    assertThat(p.abstractText()).isEqualTo("We study deep nets & things.");
    assertThat(p.authors()).containsExactly("John Smith, Jr.", "Ada Lovelace", "Alan Turing");
    assertThat(p.listedOn()).isEqualTo(LocalDate.of(2024, 6, 6));
  }

  @Test
  void oldStyleIdsComeFromTheGuidWhenTheLinkHasNone() throws Exception {
    ParsedPaper p = rss("""
        <item><title>Old Physics</title><guid isPermaLink="false">oai:arXiv.org:hep-th/9901001v1</guid>
        <description>arXiv:hep-th/9901001v1 Announce Type: replace
        Abstract: Strings.</description></item>
        """).papers().get(0);

    assertThat(p.arxivId()).isEqualTo("hep-th/9901001");
    assertThat(p.abstractText()).isEqualTo("Strings.");
  }

  @Test
  void itemsWithoutTitleOrRepeatedAreSkippedAndMissingDatesWarned() throws Exception {
    ParsedSource parsed = rss("""
        <item><title>A Paper</title><link>https://arxiv.org/abs/2406.00001</link></item>
        <item><title> </title><link>https://arxiv.org/abs/2406.00002</link></item>
        <item><title>A Paper</title><link>https://arxiv.org/abs/2406.00001v2</link></item>
        """);

    assertThat(parsed.papers()).extracting(ParsedPaper::title).containsExactly("A Paper");
    assertThat(parsed.skipped()).containsExactly(new ParsedSource.Skipped("entry 2", "no title"),
        new ParsedSource.Skipped("entry 3", "duplicate of entry 1"));
    assertThat(parsed.warnings()).containsExactly("no pubDate in the feed; dated 2026-11-23 (today)");
  }

  @Test
  void anEmptyFeedIsNotAnErrorButSaysSo() throws Exception {
    ParsedSource parsed = rss("");

    assertThat(parsed.papers()).isEmpty();
    assertThat(parsed.warnings()).containsExactly("the feed has no entries");
  }

  @Test
  void anArxivApiErrorEntryIsAnError() {
    SourceException e = catchThrowableOfType(SourceException.class, () -> parser.parse("api", Samples.utf8("""
        <feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345</id>
        <title>Error</title><summary>incorrect id format for 1234.12345</summary></entry></feed>"""), NOV_23_2026));

    assertThat(e.reason()).isEqualTo("arXiv API error: incorrect id format for 1234.12345");
  }

  @Test
  void malformedXmlNamesItsLine() {
    String text = Samples.text(RSS);
    String broken = text.replaceFirst("</title>\n      <link>https://arxiv.org/abs/2406.04215", "</titel>\n      <link>https://arxiv.org/abs/2406.04215");
    int line = (int) text.substring(0, text.indexOf("</title>\n      <link>https://arxiv.org/abs/2406.04215")).chars().filter(c -> c == '\n').count() + 1;

    SourceException e = catchThrowableOfType(SourceException.class, () -> parser.parse("broken.xml", Samples.utf8(broken), NOV_23_2026));

    assertThat(e.location()).startsWith(line + ":");
    assertThat(e.reason()).startsWith("malformed XML:").contains("title");
  }

  @Test
  void wellFormedXmlThatIsNoFeedIsRefused() {
    SourceException e = catchThrowableOfType(SourceException.class,
        () -> parser.parse("page.xhtml", Samples.utf8("<html><body><p>hi</p></body></html>"), NOV_23_2026));

    assertThat(e.reason()).isEqualTo("XML that is not an RSS or Atom feed");
  }

  @Test
  void externalEntitiesCannotLeakLocalFiles(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET-4711");
    String xxe = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE rss [<!ENTITY xxe SYSTEM "%s">]>
        <rss version="2.0"><channel><title>t</title><link>https://arxiv.org</link><description>d</description>
        <item><title>Leak &xxe;</title><link>https://arxiv.org/abs/2406.00001</link><description>&xxe;</description></item>
        </channel></rss>""".formatted(secret.toUri());

    SourceException e = catchThrowableOfType(SourceException.class, () -> parser.parse("xxe.xml", Samples.utf8(xxe), NOV_23_2026));

    assertThat(e).isNotNull();
    assertThat(e.location()).startsWith("2:");
    assertThat(e.reason()).contains("DOCTYPE is refused");
    assertThat(e.getMessage()).doesNotContain("TOP-SECRET");
  }
}
