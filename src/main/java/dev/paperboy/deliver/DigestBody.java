package dev.paperboy.deliver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A rendered digest body as stored in the outbox, shared by every recipient it rendered identically
 * for. The strings are templates: a {@link BodyPersonaliser} fills their placeholders for one recipient.
 */
public record DigestBody(String subject, String html, String text) {
  public DigestBody {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(html, "html");
    Objects.requireNonNull(text, "text");
  }

  /** SHA-256 (hex) of the three strings, each prefixed by its length so no two bodies collide by shifting text. */
  public String contentHash() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String s : new String[] {subject, html, text}) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        sha.update((b.length + ":").getBytes(StandardCharsets.US_ASCII));
        sha.update(b);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
