package dev.paperboy.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.select.Subscriber;
import dev.paperboy.token.Purpose;
import dev.paperboy.token.Tokens;
import org.junit.jupiter.api.Test;

class LinksTest {
  private final Tokens tokens = Tokens.of("v1:links-test-secret-0123456789", "web.secrets");
  private final Links links = new Links("https://paperboy.example.org/", tokens);

  @Test
  void linksCarrySignedTokensForTheirPurpose() {
    String unsubscribe = links.unsubscribe("sub-42");
    String manage = links.manage("sub-42");
    String view = links.viewDigest("dig-7");

    assertThat(unsubscribe).startsWith("https://paperboy.example.org/unsubscribe/");
    assertThat(manage).startsWith("https://paperboy.example.org/manage/");
    assertThat(view).startsWith("https://paperboy.example.org/digest/");
    assertThat(tokens.verify(Purpose.UNSUBSCRIBE, tail(unsubscribe))).contains("sub-42");
    assertThat(tokens.verify(Purpose.MANAGE, tail(manage))).contains("sub-42");
    assertThat(tokens.verify(Purpose.VIEW_DIGEST, tail(view))).contains("dig-7");
    assertThat(tokens.verify(Purpose.MANAGE, tail(unsubscribe))).isEmpty();
    assertThat(tail(unsubscribe)).matches("[A-Za-z0-9_.-]+");
  }

  @Test
  void aRecipientNeedsAStoredSubscriber() {
    Subscriber s = TestDigests.subscriber("sub-42", "ada@example.org", "Ada", TestDigests.DIFFUSION);
    Recipient r = links.recipient(s, "dig-7");

    assertThat(r.email()).isEqualTo("ada@example.org");
    assertThat(r.greeting()).isEqualTo("Hi Ada,");
    assertThat(tokens.verify(Purpose.UNSUBSCRIBE, tail(r.unsubscribeUrl()))).contains("sub-42");
    assertThatThrownBy(() -> links.recipient(s.withId(null), "dig-7")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subscriber id");
  }

  private static String tail(String url) {
    return url.substring(url.lastIndexOf('/') + 1);
  }
}
