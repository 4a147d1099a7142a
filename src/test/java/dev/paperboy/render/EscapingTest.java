package dev.paperboy.render;

import static dev.paperboy.render.TestDigests.ada;
import static dev.paperboy.render.TestDigests.digest;
import static dev.paperboy.render.TestDigests.pick;
import static dev.paperboy.render.TestDigests.section;
import static dev.paperboy.render.TestDigests.subscriber;
import static dev.paperboy.render.TestDigests.topic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.catalog.Paper;
import dev.paperboy.select.Digest;
import dev.paperboy.select.Topic;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** Hostile and unusual text from sources comes out escaped in HTML, intact everywhere. */
class EscapingTest {
  private static final DigestRenderer RENDERER = TestDigests.renderer();

  private static final String TITLE = "<script>alert('x')</script> Schrödinger & \"ΛCDM\"\r\nbounds in ℓ∞ 🚀";
  private static final String TITLE_SHOWN = "<script>alert('x')</script> Schrödinger & \"ΛCDM\" bounds in ℓ∞ 🚀";
  private static final String ABSTRACT = "We bound <b>x</b> & y < z for \"all\" ε > 0;\nline two\tafter a tab. Ünïcödé: 東京, ∀x∈ℝ.";
  private static final String ABSTRACT_SHOWN = "We bound <b>x</b> & y < z for \"all\" ε > 0; line two after a tab. Ünïcödé: 東京, ∀x∈ℝ.";
  private static final Topic TOPIC = topic("t", "Physics <i>& \"friends\"</i>");

  private Digest hostile() {
    Paper p = new Paper("2603.00001", "2603.00001", TITLE, ABSTRACT, List.of("Jürgen <Schmidhuber>", "O'Brien & Sons"), List.of(),
        "javascript:alert(1)", "https://huggingface.co/papers/2603.00001?a=1&b=2", 7, "hf", TestDigests.WINDOW_END, List.of());
    return digest(subscriber("s1", "ada@example.org", "Ada", TOPIC), section(TOPIC, pick(p, TOPIC)));
  }

  @Test
  void htmlEscapesDataAndKeepsItIntact() {
    String html = RENDERER.render(hostile()).html(ada());
    Document doc = Jsoup.parse(html);

    assertThat(doc.select("script")).isEmpty();
    assertThat(html).doesNotContain("<script>", "<b>x</b>", "<i>&").contains("&lt;script&gt;");
    Element title = doc.selectFirst("a:containsOwn(Schrödinger)");
    assertThat(title.text()).isEqualTo(TITLE_SHOWN);
    assertThat(doc.select("div").stream().map(Element::text)).contains(ABSTRACT_SHOWN, "Jürgen <Schmidhuber> and O'Brien & Sons");
    assertThat(doc.select("h2").text()).isEqualTo("Physics <i>& \"friends\"</i>");
    assertThat(title.attr("href")).isEqualTo("https://huggingface.co/papers/2603.00001?a=1&b=2");
    assertThat(html).contains("href=\"https://huggingface.co/papers/2603.00001?a=1&amp;b=2\"");
  }

  @Test
  void linksWithQuotesOrOddSchemesFallBackToArxiv() {
    Paper p = new Paper("2603.00002", "2603.00002", "T", "A", List.of(), List.of(), null, "https://hf.co/p?\"onmouseover=x", null, "hf",
        TestDigests.WINDOW_END, List.of());
    Digest d = digest(subscriber("s1", "a@b.c", "", TOPIC), section(TOPIC, pick(p, TOPIC)));
    assertThat(Jsoup.parse(RENDERER.render(d).html(ada())).selectFirst("a:containsOwn(T)").attr("href")).isEqualTo("https://arxiv.org/abs/2603.00002");
  }

  @Test
  void unsafeLinksFromDataAreDropped() {
    Document doc = Jsoup.parse(RENDERER.render(hostile()).html(ada()));
    assertThat(doc.select("a").eachAttr("href")).noneMatch(h -> h.startsWith("javascript:"));
    assertThat(doc.select("a").eachText()).doesNotContain("Code");
  }

  @Test
  void textKeepsDataAsItIs() {
    String text = RENDERER.render(hostile()).text(ada());
    String flat = text.replaceAll("\n +", " ");

    assertThat(flat).contains("1. " + TITLE_SHOWN).contains(ABSTRACT_SHOWN).contains("Jürgen <Schmidhuber> and O'Brien & Sons");
    assertThat(text).doesNotContain("&lt;", "&amp;", "&quot;", "\r");
  }

  @Test
  void subjectIsOneLineWithoutControlsButKeepsUnicode() {
    Topic t = topic("q", "Quantum\r\nBcc: victim@example.org\u0007 ΛCDM ℓ∞");
    Digest d = digest(subscriber("s1", "a@b.c", "", t), section(t, pick(TestDigests.paper("2603.1", "x"), t)));
    String subject = RENDERER.render(d).subject();

    assertThat(subject).isEqualTo("1 new paper on Quantum Bcc: victim@example.org ΛCDM ℓ∞ — 14 Mar");
    assertThat(subject.chars()).noneMatch(c -> c < 0x20 || c == 0x7f);
  }

  @Test
  void dataCannotForgeAPlaceholder() {
    String forged = "Free \uE000unsubscribeUrl\uE001 and \uE000greeting\uE001 \uF8FF\uDB80\uDC00";
    Paper p = TestDigests.paper("2603.2", forged);
    Digest d = digest(subscriber("s1", "a@b.c", "", TestDigests.DIFFUSION), section(TestDigests.DIFFUSION, pick(p, TestDigests.DIFFUSION)));
    RenderedDigest r = RENDERER.render(d);

    assertThat(r.html(ada())).contains(">Free unsubscribeUrl and greeting</a>").doesNotContain(ada().unsubscribeUrl() + " and");
    assertThat(r.text(ada())).contains("1. Free unsubscribeUrl and greeting\n");
    assertThat(r.htmlBody().fields()).containsOnly(Field.GREETING, Field.EMAIL, Field.UNSUBSCRIBE_URL, Field.MANAGE_URL, Field.VIEW_URL);
  }
}
