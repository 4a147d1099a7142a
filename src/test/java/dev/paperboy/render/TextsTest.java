package dev.paperboy.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextsTest {
  @Test
  void cleanCollapsesWhitespaceAndDropsWhatMustNotShow() {
    assertThat(Texts.clean("  a\r\n\tb\u00a0 c  ")).isEqualTo("a b c");
    assertThat(Texts.clean("x\u0000y\u0007z\u0085")).isEqualTo("xyz");
    assertThat(Texts.clean("p\uE000q\uF8FFr\uDB80\uDC00s")).isEqualTo("pqrs"); // private use, BMP and plane 15
    assertThat(Texts.clean("evil\u202Etxt.exe\u2066")).isEqualTo("eviltxt.exe");
    assertThat(Texts.clean("lone \uD800 surrogate")).isEqualTo("lone surrogate");
    assertThat(Texts.clean("Schrödinger ΛCDM ℓ∞ 🚀 東京")).isEqualTo("Schrödinger ΛCDM ℓ∞ 🚀 東京");
    assertThat(Texts.clean(null)).isEmpty();
  }

  @Test
  void shortenCutsAfterAWordAndMarksTheCut() {
    assertThat(Texts.shorten("short enough", 20)).isEqualTo("short enough");
    assertThat(Texts.shorten("one two three four five", 15)).isEqualTo("one two three…");
    assertThat(Texts.shorten("alpha, beta, gamma", 13)).isEqualTo("alpha, beta…");
    assertThat(Texts.shorten("Supercalifragilisticexpialidocious", 10)).isEqualTo("Supercalif…");
    assertThat(Texts.shorten("🚀🚀🚀🚀🚀🚀", 3)).isEqualTo("🚀🚀🚀…"); // never splits a surrogate pair
  }

  @Test
  void listsReadLikeEnglish() {
    assertThat(Texts.joinAnd(List.of())).isEmpty();
    assertThat(Texts.joinAnd(List.of("A"))).isEqualTo("A");
    assertThat(Texts.joinAnd(List.of("A", "B"))).isEqualTo("A and B");
    assertThat(Texts.joinAnd(List.of("A", "B", "C"))).isEqualTo("A, B and C");
    assertThat(Texts.shortList(List.of("A", "B", "C", "D"), 3, "other", "others")).isEqualTo("A, B, C and D");
    assertThat(Texts.shortList(List.of("A", "B", "C", "D", "E"), 3, "other", "others")).isEqualTo("A, B, C and 2 others");
    assertThat(Texts.shortList(List.of("A", "B", "C", "D", "E", "F", "G", "H", "I", "J"), 3, "other", "others")).isEqualTo("A, B, C and 7 others");
  }

  @Test
  void onlyPlainHttpUrlsAreLinked() {
    assertThat(Texts.safeUrl(" https://github.com/a/b?x=1&y=2#z ")).isEqualTo("https://github.com/a/b?x=1&y=2#z");
    assertThat(Texts.safeUrl("http://example.org")).isEqualTo("http://example.org");
    assertThat(Texts.safeUrl("javascript:alert(1)")).isNull();
    assertThat(Texts.safeUrl("data:text/html,<b>")).isNull();
    assertThat(Texts.safeUrl("https://x.org/\"onclick=")).isNull();
    assertThat(Texts.safeUrl("https://x.org/a b")).isNull();
    assertThat(Texts.safeUrl("https://x.org/\uE000viewUrl\uE001")).isNull();
    assertThat(Texts.safeUrl("https://x.org/" + "a".repeat(3000))).isNull();
    assertThat(Texts.safeUrl(null)).isNull();
  }
}
