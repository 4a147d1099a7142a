package dev.paperboy.render;

import static dev.paperboy.render.TestDigests.DIFFUSION;
import static dev.paperboy.render.TestDigests.ada;
import static dev.paperboy.render.TestDigests.digest;
import static dev.paperboy.render.TestDigests.subscriber;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.catalog.Paper;
import dev.paperboy.select.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** What the deliverability pass measures (see /work/shared/mailcheck), checked at render time. */
class DeliverabilityTest {
  /** Most papers a digest may carry (subscriber max_papers is capped there). */
  static final int MAX_PAPERS = 50;
  /** Gmail clips HTML beyond about 102 KB, and the footer with the unsubscribe link goes with it. */
  static final int GMAIL_CLIP = 102 * 1024;
  private static final Pattern URL_LINE = Pattern.compile(" *(\\p{L}+: +)?https?://\\S+");

  private static final DigestRenderer RENDERER = TestDigests.renderer();

  /** A recipient with long, realistic token URLs and a long name. */
  private static final Recipient LONG_RECIPIENT = new Recipient("grace.brewster.murray.hopper@mathematics.example.edu", "Grace Brewster Murray Hopper",
      "https://paperboy.example.org/unsubscribe/" + "c3ViLTEyMzQ1Njc4OTA".repeat(2) + ".v1.dGhpcyBpcyBhIG1hYyBvZiAzMiBieXRlcyBsb25nIGF0IGxlYXN0",
      "https://paperboy.example.org/manage/" + "c3ViLTEyMzQ1Njc4OTA".repeat(2) + ".v1.dGhpcyBpcyBhIG1hYyBvZiAzMiBieXRlcyBsb25nIGF0IGxlYXN0",
      "https://paperboy.example.org/digest/" + "ZGlnZXN0LTk4NzY1NDMyMTA".repeat(2) + ".v1.dGhpcyBpcyBhIG1hYyBvZiAzMiBieXRlcyBsb25nIGF0IGxlYXN0");

  @Test
  void fiftyLongPapersStayUnderGmailsClip() {
    Digest d = TestDigests.longDigest(MAX_PAPERS, LONG_RECIPIENT.email());
    assertThat(d.paperCount()).isEqualTo(MAX_PAPERS);
    String html = RENDERER.render(d).html(LONG_RECIPIENT);

    assertThat(html.getBytes(StandardCharsets.UTF_8).length).isLessThan(GMAIL_CLIP);
    Document doc = Jsoup.parse(html);
    assertThat(doc.select("a:containsOwn(Unsubscribe)").attr("href")).isEqualTo(LONG_RECIPIENT.unsubscribeUrl());
    assertThat(doc.select("a.pb-ln[href^=https://huggingface.co/papers/]")).hasSize(MAX_PAPERS);
  }

  @Test
  void fiftyPapersInNonLatinScriptsStayUnderTheClipToo() {
    Digest d = TestDigests.longDigest(MAX_PAPERS, LONG_RECIPIENT.email());
    List<dev.paperboy.select.Section> sections = d.sections().stream().map(s -> new dev.paperboy.select.Section(s.topic(),
        s.picks().stream().map(p -> new dev.paperboy.select.Pick(greek(p.paper()), p.score(), p.topics())).toList())).toList();
    String html = RENDERER.render(new Digest(d.subscriber(), d.date(), d.windowEnd(), sections)).html(LONG_RECIPIENT);

    assertThat(html.getBytes(StandardCharsets.UTF_8).length).isLessThan(GMAIL_CLIP);
    Document doc = Jsoup.parse(html);
    assertThat(doc.select("a.pb-ln[href^=https://huggingface.co/papers/]")).hasSize(MAX_PAPERS);
    assertThat(doc.select("a:containsOwn(Unsubscribe)")).hasSize(1);
  }

  @Test
  void textLinesFitExceptUrlsAndNeverPassTheHardLimit() {
    for (Digest d : List.of(TestDigests.longDigest(MAX_PAPERS, "g@example.org"), TestDigests.longDigest(3, "g@example.org"), digest(subscriber("s", "a@b.c", "", DIFFUSION)))) {
      String text = RENDERER.render(d).text(LONG_RECIPIENT);

      assertThat(text).contains(LONG_RECIPIENT.unsubscribeUrl()).doesNotContain("\r");
      for (String line : text.split("\n")) {
        assertThat(line.length()).as(line).isLessThanOrEqualTo(998);
        if (line.codePointCount(0, line.length()) > 78) assertThat(line).as("only a URL may pass 78").matches(URL_LINE);
      }
    }
  }

  @Test
  void htmlHasTheEmailEssentials() {
    String html = RENDERER.render(TestDigests.longDigest(10, "g@example.org")).html(ada());
    Document doc = Jsoup.parse(html);

    assertThat(html).startsWith("<!DOCTYPE html>");
    assertThat(doc.selectFirst("html").attr("lang")).isEqualTo("en");
    assertThat(doc.select("meta[charset]").attr("charset")).isEqualToIgnoringCase("utf-8");
    assertThat(doc.select("meta[name=viewport]")).hasSize(1);
    assertThat(doc.select("meta[name=color-scheme]").attr("content")).isEqualTo("light dark");
    assertThat(doc.select("meta[name=supported-color-schemes]").attr("content")).isEqualTo("light dark");
    String css = doc.select("style").html();
    assertThat(css).contains("@media (prefers-color-scheme:dark)").contains("@media (max-width:620px)");
    assertThat(doc.select("table[role=presentation]").eachAttr("style")).anyMatch(s -> s.contains("max-width:600px"));
    assertThat(doc.select("img:not([alt])")).isEmpty();
    assertThat(doc.select("[style*=display:flex], [style*=display:grid]")).isEmpty();
    Element first = doc.body().child(0);
    assertThat(first.attr("style")).contains("display:none");
    assertThat(doc.select("a[href]").eachAttr("href")).allMatch(h -> h.startsWith("https://"));
    assertThat(doc.select("a:containsOwn(Unsubscribe)")).hasSize(1);
    // styles are inline (Gmail drops <style> in some views); the block only adds media queries
    assertThat(doc.select("td, a, div, h1, h2").stream().filter(e -> !e.text().isBlank())).allMatch(e -> e.hasAttr("style") || e.parent().hasAttr("style"));
  }

  @Test
  void nuHtmlCheckerFindsNothingButEmailIdioms() throws Exception {
    assertThat(NuChecker.realErrors("<!DOCTYPE html><html lang=en><head><title>t</title></head><body><center>old</center></body></html>"))
        .as("the checker is live").isNotEmpty();
    Map<String, Digest> digests = Map.of(
        "50 long papers", TestDigests.longDigest(MAX_PAPERS, "g@example.org"),
        "empty", digest(subscriber("s", "a@b.c", "", DIFFUSION)),
        "hostile", digest(subscriber("s", "a@b.c", "", DIFFUSION), TestDigests.section(DIFFUSION, TestDigests.pick(
            TestDigests.paper("2603.1", "<script>x</script> & \"q\" ℓ∞", "a < b & c > d", List.of("O'Neil <o@x>"), 3, "https://github.com/a/b?x=1&y=<2>"), DIFFUSION))));
    for (Map.Entry<String, Digest> e : digests.entrySet()) {
      String html = RENDERER.render(e.getValue()).html(new Recipient("a&b@example.org", "<b>Ada</b> & 'Co'", "https://x.example/u?a=1&b=2", "https://x.example/m", "https://x.example/v"));
      assertThat(NuChecker.realErrors(html)).as(e.getKey()).isEmpty();
    }
  }

  private static Paper greek(Paper p) {
    String title = "Κλιμάκωση " + "πολύ μεγάλων τίτλων ".repeat(9);
    String abs = "Προτείνουμε μια μέθοδο για συλλογισμό σε μακρά συμφραζόμενα, μοντέλα χώρου καταστάσεων και ενισχυτική μάθηση. ".repeat(6);
    List<String> authors = p.authors().stream().map(a -> "Γεώργιος Παπαδόπουλος-Οικονόμου").toList();
    return new Paper(p.id(), p.arxivId(), title, abs, authors, p.keywords(), p.githubUrl(), p.hfUrl(), p.upvotes(), p.source(), p.firstSeen(), p.listings());
  }
}
