package dev.paperboy.render;

import static dev.paperboy.render.TestDigests.DIFFUSION;
import static dev.paperboy.render.TestDigests.SSM;
import static dev.paperboy.render.TestDigests.digest;
import static dev.paperboy.render.TestDigests.paper;
import static dev.paperboy.render.TestDigests.pick;
import static dev.paperboy.render.TestDigests.section;
import static dev.paperboy.render.TestDigests.subscriber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.select.Digest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** One render, many recipients: only their own values differ. */
class PersonalisationTest {
  private static final DigestRenderer RENDERER = TestDigests.renderer();

  private final Digest digest = digest(subscriber("s1", "ada@example.org", "Ada", DIFFUSION, SSM),
      section(DIFFUSION, pick(paper("2603.00011", "Flow matching at scale"), DIFFUSION, SSM)));

  private final Recipient ada = TestDigests.ada();
  private final Recipient mallory = new Recipient("m@example.org", "<script>alert(1)</script> Mallory & \"Co\"",
      "https://paperboy.example.org/unsubscribe/tok-m?x=1&y=2", "https://paperboy.example.org/manage/tok-m", "https://paperboy.example.org/digest/tok-m");

  @Test
  void twoRecipientsOfOneRenderDifferOnlyInTheirFields() {
    RenderedDigest r = RENDERER.render(digest);
    String a = r.html(ada);
    String m = r.html(mallory);

    assertThat(a).isNotEqualTo(m);
    assertThat(blankFields(a, ada, true)).isEqualTo(blankFields(m, mallory, true));
    assertThat(blankFields(r.text(ada), ada, false)).isEqualTo(blankFields(r.text(mallory), mallory, false));
  }

  @Test
  void splicingIntoBytesGivesTheBytesOfTheSplicedText() {
    RenderedDigest r = RENDERER.render(digest);
    Recipient greek = new Recipient("z@example.org", "Ζωή Ὀδυσσεύς 😀 <b>", "https://u/ü", "https://m", "https://v");
    for (Recipient who : new Recipient[] {ada, mallory, greek}) {
      assertThat(r.htmlBody().fillUtf8(who, true)).isEqualTo(r.html(who).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(r.textBody().fillUtf8(who, false)).isEqualTo(r.text(who).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Test
  void namesAreHtmlEscapedInHtmlAndRawInText() {
    RenderedDigest r = RENDERER.render(digest);
    String html = r.html(mallory);
    Document doc = Jsoup.parse(html);

    assertThat(doc.select("script")).isEmpty();
    assertThat(html).contains("Hi &lt;script&gt;alert(1)&lt;/script&gt; Mallory &amp; &quot;Co&quot;,");
    assertThat(doc.select("p").first().text()).isEqualTo("Hi <script>alert(1)</script> Mallory & \"Co\",");
    assertThat(doc.select("a:containsOwn(Unsubscribe)").attr("href")).isEqualTo("https://paperboy.example.org/unsubscribe/tok-m?x=1&y=2");
    assertThat(r.text(mallory)).startsWith("Hi <script>alert(1)</script> Mallory & \"Co\",\n");
  }

  @Test
  void noNameNoNameInTheGreeting() {
    Recipient anonymous = new Recipient("x@example.org", "  ", "https://u", "https://m", "https://v");
    RenderedDigest r = RENDERER.render(digest);
    assertThat(r.text(anonymous)).startsWith("Hi,\n");
    assertThat(Jsoup.parse(r.html(anonymous)).select("p").first().text()).isEqualTo("Hi,");
  }

  @Test
  void recipientValuesCannotBreakLines() {
    Recipient sneaky = new Recipient("x@example.org\r\nBcc: y@example.org", "Eve\r\n\r\nP.S. click here", "https://u\r\n", "https://m", "https://v");
    assertThat(sneaky.email()).isEqualTo("x@example.org Bcc: y@example.org");
    assertThat(sneaky.greeting()).isEqualTo("Hi Eve P.S. click here,");
    assertThat(sneaky.unsubscribeUrl()).isEqualTo("https://u");
  }

  @Test
  void theStoredFormRoundTrips() {
    RenderedDigest r = RENDERER.render(digest);
    RenderedDigest back = RenderedDigest.decode(r.shapeKey(), r.subject(), r.preheader(), r.encodedHtml(), r.encodedText());

    assertThat(back).isEqualTo(r);
    assertThat(back.html(mallory)).isEqualTo(r.html(mallory));
    assertThat(back.text(ada)).isEqualTo(r.text(ada));
    assertThat(r.encodedHtml()).contains(Field.UNSUBSCRIBE_URL.marker()).doesNotContain(ada.unsubscribeUrl());
  }

  @Test
  void aStoredFormWithABrokenMarkerIsRejected() {
    assertThatThrownBy(() -> SplicedText.parse("a \uE000nope\uE001 b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    assertThatThrownBy(() -> SplicedText.parse("a \uE000greeting")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unterminated");
    assertThatThrownBy(() -> SplicedText.parse("a \uE001")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void splicingFillsEveryOccurrence() {
    SplicedText t = SplicedText.parse("<a href=\"" + Field.VIEW_URL.marker() + "\">" + Field.GREETING.marker() + "</a>" + Field.VIEW_URL.marker());
    assertThat(t.fields()).containsExactly(Field.VIEW_URL, Field.GREETING, Field.VIEW_URL);
    assertThat(t.literals()).hasSize(4);
    assertThat(t.fill(mallory, false)).isEqualTo("<a href=\"https://paperboy.example.org/digest/tok-m\">Hi <script>alert(1)</script> Mallory & \"Co\",</a>https://paperboy.example.org/digest/tok-m");
  }

  @Test
  void aRenderKeptOnlyInUtf8AfterItsFirstByteFillGivesTheSameTextEveryWay() {
    RenderedDigest kept = RENDERER.render(digest);
    RenderedDigest fresh = RenderedDigest.decode(kept.shapeKey(), kept.subject(), kept.preheader(), kept.encodedHtml(),
        kept.encodedText());
    assertThat(kept.htmlBody().encoded()).contains("\u2014"); // non-Latin-1 text: the strings were UTF-16

    byte[] first = kept.htmlBody().fillUtf8(mallory, true); // from here on the literals are bytes only
    kept.textBody().fillUtf8(ada, false);

    assertThat(first).isEqualTo(fresh.html(mallory).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(kept.htmlBody().fillUtf8(ada, true)).isEqualTo(fresh.html(ada).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(kept.html(mallory)).isEqualTo(fresh.html(mallory));
    assertThat(kept.text(ada)).isEqualTo(fresh.text(ada));
    assertThat(kept.encodedHtml()).isEqualTo(fresh.encodedHtml());
    assertThat(kept.textBody().literals()).isEqualTo(fresh.textBody().literals());
    assertThat(kept.htmlBody()).isEqualTo(fresh.htmlBody()).hasSameHashCodeAs(fresh.htmlBody());
  }

  /** The document with this recipient's values taken out again. */
  private static String blankFields(String body, Recipient r, boolean html) {
    String out = body;
    for (Field f : Field.values()) {
      if (f == Field.NAME) continue; // not in the templates, and "Ada" is also an author
      String v = f.valueFor(r);
      if (html) v = v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
      if (!v.isEmpty()) out = out.replace(v, "{" + f.key() + "}");
    }
    return out;
  }
}
