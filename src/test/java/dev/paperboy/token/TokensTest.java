package dev.paperboy.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {
  private final Tokens tokens = Tokens.of("v2:new-secret-0123456789,v1:old-secret-0123456789", "web.secrets");

  @Test
  void aTokenCarriesItsPayloadForItsPurposeOnly() {
    String t = tokens.sign(Purpose.UNSUBSCRIBE, "sub-42");

    assertThat(t).matches("[A-Za-z0-9_-]+\\.v2\\.[A-Za-z0-9_-]+").doesNotContain("sub-42");
    assertThat(tokens.verify(Purpose.UNSUBSCRIBE, t)).contains("sub-42");
    assertThat(tokens.verify(Purpose.MANAGE, t)).isEmpty();
  }

  @Test
  void alteredOrForgedTokensAreRejected() {
    String t = tokens.sign(Purpose.MANAGE, "sub-42");
    String[] p = t.split("\\.");
    String otherPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("sub-43".getBytes());

    assertThat(tokens.verify(Purpose.MANAGE, otherPayload + "." + p[1] + "." + p[2])).isEmpty();
    assertThat(tokens.verify(Purpose.MANAGE, p[0] + ".v1." + p[2])).isEmpty();
    assertThat(tokens.verify(Purpose.MANAGE, p[0] + ".v3." + p[2])).isEmpty();
    assertThat(tokens.verify(Purpose.MANAGE, t + "x")).isEmpty();
    assertThat(tokens.verify(Purpose.MANAGE, "garbage")).isEmpty();
    assertThat(tokens.verify(Purpose.MANAGE, "a.b.c.d")).isEmpty();
    assertThat(tokens.verify(Purpose.MANAGE, "%%%.v2.%%%")).isEmpty();
    assertThat(Tokens.of("v2:another-secret-0123456", "x").verify(Purpose.MANAGE, t)).isEmpty();
  }

  @Test
  void onlyTheCanonicalSpellingOfATokenVerifies() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (String id : java.util.List.of("sub-42", "sub-7", "0123456789abcdefghijklmnopqrstuv")) {
      String t = tokens.sign(Purpose.UNSUBSCRIBE, id);
      assertThat(tokens.verify(Purpose.UNSUBSCRIBE, t)).contains(id);
      String mac = t.substring(t.lastIndexOf('.') + 1);
      assertThat(mac).hasSize(43); // 256 bits in 43 characters: the last one has two bits to spare
      int last = alphabet.indexOf(mac.charAt(42));
      for (int spare = 1; spare <= 3; spare++) {
        String other = t.substring(0, t.length() - 1) + alphabet.charAt(last ^ spare);
        // the decoder takes it for the same MAC; verify must not
        assertThat(java.util.Base64.getUrlDecoder().decode(other.substring(other.lastIndexOf('.') + 1)))
            .isEqualTo(java.util.Base64.getUrlDecoder().decode(mac));
        assertThat(tokens.verify(Purpose.UNSUBSCRIBE, other)).as(other).isEmpty();
      }
      assertThat(tokens.verify(Purpose.UNSUBSCRIBE, t + "=")).isEmpty(); // padded
    }
  }

  @Test
  void tokensSignedWithAnOlderSecretStillVerifyAfterRotation() {
    Tokens before = Tokens.of("v1:old-secret-0123456789", "web.secrets");
    String sent = before.sign(Purpose.UNSUBSCRIBE, "sub-7");

    assertThat(tokens.verify(Purpose.UNSUBSCRIBE, sent)).contains("sub-7");
    assertThat(tokens.sign(Purpose.UNSUBSCRIBE, "sub-7")).contains(".v2.");
  }

  @Test
  void badSecretSpecsAreReported() {
    assertThatThrownBy(() -> Tokens.of("short", "web.secrets")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("VERSION:SECRET");
    assertThatThrownBy(() -> Tokens.of("v1:short", "web.secrets")).hasMessageContaining("too short");
    assertThatThrownBy(() -> Tokens.of("v1:0123456789abcdef,v1:0123456789abcdeg", "web.secrets"))
        .hasMessageContaining("given twice");
  }

  @Test
  void aGeneratedSecretIsKeptPrivateAndReused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("data/token-secret");

    String first = SecretFile.loadOrCreate(file);
    String second = SecretFile.loadOrCreate(file);

    assertThat(first).startsWith("v1:").hasSizeGreaterThan(40).isEqualTo(second);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Tokens.of(first, "generated").versions()).containsExactly("v1");
  }

  @Test
  void compactTokensAreShortLowerCaseAndOnlyVerifyAsThemselves() {
    Tokens t = Tokens.of("V2:compact-secret-0123456789,v1:older-secret-0123456789", "web.secrets");
    String token = t.signCompact(Purpose.BOUNCE, "sub-7f3a");

    assertThat(token).matches("sub-7f3a\\.v2\\.[a-z2-7]{16}");
    assertThat(("bounce+" + token).length()).isLessThanOrEqualTo(64);
    assertThat(t.verifyCompact(Purpose.BOUNCE, token)).contains("sub-7f3a");
    assertThat(t.verifyCompact(Purpose.BOUNCE, token.toUpperCase(java.util.Locale.ROOT))).contains("sub-7f3a");
    assertThat(t.verifyCompact(Purpose.UNSUBSCRIBE, token)).isEmpty();
    assertThat(t.verifyCompact(Purpose.BOUNCE, token.replace("sub-7f3a", "sub-7f3b"))).isEmpty();
    assertThat(t.verify(Purpose.BOUNCE, token)).isEmpty();
    assertThat(t.verifyCompact(Purpose.BOUNCE, t.sign(Purpose.BOUNCE, "sub-7f3a"))).isEmpty();
    // a token of the older secret still verifies after rotation
    Tokens old = Tokens.of("v1:older-secret-0123456789", "web.secrets");
    assertThat(t.verifyCompact(Purpose.BOUNCE, old.signCompact(Purpose.BOUNCE, "sub-1"))).contains("sub-1");
    assertThatThrownBy(() -> t.signCompact(Purpose.BOUNCE, "Has Space")).isInstanceOf(IllegalArgumentException.class);
  }
}
