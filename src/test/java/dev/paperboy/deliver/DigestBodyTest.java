package dev.paperboy.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.render.DigestRenderer;
import dev.paperboy.render.RenderedDigest;
import dev.paperboy.render.SplicedText;
import dev.paperboy.render.TestDigests;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A body made from a shared render ({@link DigestBody#of}) is the body made from its encoded strings:
 * same strings, equal, same hashes, and filling its parsed render gives the bytes that parsing the
 * stored strings and filling them gives.
 */
class DigestBodyTest {
  private static final DigestRenderer RENDERER = TestDigests.renderer();

  @Test
  void aBodyOfARenderIsTheBodyOfItsEncodedStrings() {
    for (var digest : List.of(TestDigests.longDigest(3, "ada@example.org"), TestDigests.longDigest(50, "bob@example.org"))) {
      RenderedDigest r = RENDERER.render(digest);
      DigestBody lazy = DigestBody.of(r);
      DigestBody stored = new DigestBody(r.subject(), r.encodedHtml(), r.encodedText());

      assertThat(lazy.rendered()).isSameAs(r);
      assertThat(stored.rendered()).isNull();
      assertThat(lazy.subject()).isEqualTo(stored.subject());
      assertThat(lazy.hashCode()).isEqualTo(stored.hashCode());
      assertThat(lazy).isEqualTo(stored);
      assertThat(stored).isEqualTo(lazy);
      assertThat(DigestBody.of(r).contentHash()).isEqualTo(stored.contentHash());
      assertThat(lazy.html()).isEqualTo(stored.html());
      assertThat(lazy.text()).isEqualTo(stored.text());

      var recipient = TestDigests.ada();
      assertThat(lazy.rendered().htmlBody().fillUtf8(recipient, true)).isEqualTo(SplicedText.parse(stored.html()).fillUtf8(recipient, true));
      assertThat(lazy.rendered().textBody().fillUtf8(recipient, false)).isEqualTo(SplicedText.parse(stored.text()).fillUtf8(recipient, false));
    }
  }
}
