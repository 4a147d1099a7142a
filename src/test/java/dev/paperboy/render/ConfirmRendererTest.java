package dev.paperboy.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** The confirmation mail: rendered once per variant from the repository's templates, filled per recipient. */
class ConfirmRendererTest {
  private static final ConfirmRenderer RENDERER = new ConfirmRenderer(TestDigests.templates(),
      new RenderSettings("https://paperboy.example.org", "Paperboy", "Paperboy trending papers"), Duration.ofHours(48));
  private static final Recipient MALLORY = new Recipient("m@example.org", "<script>alert(1)</script> & \"Co\"",
      "https://paperboy.example.org/unsubscribe/U", "https://paperboy.example.org/manage/M", "",
      "https://paperboy.example.org/confirm/C?x=1&y=2");

  @Test
  void theConfirmationCarriesTheLinkAndNothingTypedIntoTheForm() throws Exception {
    RenderedDigest r = RENDERER.render(ConfirmRenderer.Variant.CONFIRM);
    assertThat(r.subject()).isEqualTo("Confirm your subscription to Paperboy trending papers");
    assertThat(RENDERER.render(ConfirmRenderer.Variant.CONFIRM)).isSameAs(r); // one render serves everyone

    String html = r.html(MALLORY);
    Document doc = Jsoup.parse(html);
    assertThat(doc.select("a:contains(Confirm my subscription)").attr("href"))
        .isEqualTo("https://paperboy.example.org/confirm/C?x=1&y=2");
    assertThat(doc.select("a:contains(Never email this address again)").attr("href"))
        .isEqualTo("https://paperboy.example.org/unsubscribe/U");
    // the name typed into the form goes to an address that never asked: it is not in the mail at all
    assertThat(html).doesNotContain("alert(1)").doesNotContain("&lt;script").doesNotContain("&quot;Co&quot;");
    assertThat(r.htmlBody().fields()).doesNotContain(Field.NAME, Field.GREETING);
    assertThat(r.textBody().fields()).doesNotContain(Field.NAME, Field.GREETING);
    assertThat(doc.text()).contains("Hello,");
    assertThat(doc.text()).contains("The link works for 48 hours").doesNotContain("already subscribed");
    assertThat(NuChecker.realErrors(html)).isEmpty();

    String text = r.text(MALLORY);
    assertThat(text).contains("\nhttps://paperboy.example.org/confirm/C?x=1&y=2\n").startsWith("Hello,\n")
        .doesNotContain("alert(1)").doesNotContain("&lt;script").doesNotContain("\"Co\"");
    assertThat(text.lines()).allSatisfy(l -> assertThat(l.length() <= 78 || l.startsWith("https://")).isTrue());
  }

  @Test
  void anAddressAlreadySubscribedGetsItsManageLinkAndNoConfirmLink() {
    RenderedDigest r = RENDERER.render(ConfirmRenderer.Variant.ALREADY_SUBSCRIBED);
    assertThat(r.subject()).isEqualTo("Your subscription to Paperboy trending papers");
    assertThat(r.htmlBody().fields()).doesNotContain(Field.CONFIRM_URL).contains(Field.MANAGE_URL);
    assertThat(r.textBody().fields()).doesNotContain(Field.CONFIRM_URL).contains(Field.MANAGE_URL);
    assertThat(r.text(MALLORY)).contains("You are already subscribed").contains("https://paperboy.example.org/manage/M")
        .doesNotContain("alert(1)").doesNotContain("&lt;script");
  }

  @Test
  void theLinkLifetimeIsSaidInWords() {
    assertThat(ConfirmRenderer.words(Duration.ofHours(48))).isEqualTo("48 hours");
    assertThat(ConfirmRenderer.words(Duration.ofDays(7))).isEqualTo("7 days");
    assertThat(ConfirmRenderer.words(Duration.ofHours(1))).isEqualTo("1 hour");
    assertThat(ConfirmRenderer.words(Duration.ofMinutes(90))).isEqualTo("1 hour 30 minutes");
    assertThat(ConfirmRenderer.words(Duration.ofMinutes(30))).isEqualTo("30 minutes");
    assertThat(ConfirmRenderer.words(Duration.ofSeconds(45))).isEqualTo("45 seconds");
    assertThat(ConfirmRenderer.words(Duration.ofSeconds(1))).isEqualTo("1 second");
    assertThat(ConfirmRenderer.words(Duration.ofSeconds(61))).isEqualTo("1 minute 1 second");
    assertThat(ConfirmRenderer.words(Duration.ofMillis(500))).isEqualTo("less than a second");
    assertThat(ConfirmRenderer.words(Duration.ofMillis(1500))).isEqualTo("1 second");
    assertThat(ConfirmRenderer.words(Duration.ofHours(2).plusSeconds(5))).isEqualTo("2 hours 5 seconds");
    assertThat(ConfirmRenderer.words(Duration.ofDays(1))).isEqualTo("24 hours");
    assertThat(ConfirmRenderer.words(Duration.ofDays(3).plusHours(1))).isEqualTo("3 days 1 hour");
    assertThat(ConfirmRenderer.words(Duration.ofDays(2).plusMinutes(30))).isEqualTo("48 hours 30 minutes");
  }

  @Test
  void aShortLifetimeIsSaidInTheMailAsItIs() {
    ConfirmRenderer shortLived = new ConfirmRenderer(TestDigests.templates(),
        new RenderSettings("https://paperboy.example.org", "Paperboy", "Paperboy trending papers"), Duration.ofSeconds(40));
    RenderedDigest r = shortLived.render(ConfirmRenderer.Variant.CONFIRM);
    assertThat(r.text(MALLORY)).contains("The link works for 40 seconds.").doesNotContain("0 hours");
    assertThat(Jsoup.parse(r.html(MALLORY)).text()).contains("The link works for 40 seconds.");
  }
}
