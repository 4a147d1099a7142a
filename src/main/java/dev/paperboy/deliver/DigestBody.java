package dev.paperboy.deliver;

import dev.paperboy.render.RenderedDigest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A rendered digest body as stored in the outbox, shared by every recipient it rendered identically
 * for. The strings are templates: a {@link BodyPersonaliser} fills their placeholders for one recipient.
 *
 * <p>Not a record: its content hash is computed once and kept, because thousands of digests that
 * share one body hand the same instance to the outbox.
 */
public final class DigestBody {
  private final String subject;
  private volatile String html;
  private volatile String text;
  /** The shared render this body was made from, when it was: its parsed bodies, no need to encode or parse. */
  private final RenderedDigest rendered;
  private volatile String contentHash;
  /** The last {@link #storageKey}: the digests that share this body mostly share its paper list too. */
  private volatile StorageKey storageKey;

  private record StorageKey(List<String> paperIds, String key) {}

  public DigestBody(String subject, String html, String text) {
    this.subject = Objects.requireNonNull(subject, "subject");
    this.html = Objects.requireNonNull(html, "html");
    this.text = Objects.requireNonNull(text, "text");
    this.rendered = null;
  }

  private DigestBody(RenderedDigest rendered) {
    this.subject = rendered.subject();
    this.rendered = rendered;
  }

  /**
   * The body of a shared render: the same strings as {@code new DigestBody(r.subject(), r.encodedHtml(),
   * r.encodedText())}, encoded only when first asked for (a benchmark that personalises from
   * {@link #rendered()} never asks), and the parsed render kept for whoever fills it in-process.
   */
  public static DigestBody of(RenderedDigest rendered) {
    return new DigestBody(Objects.requireNonNull(rendered, "rendered"));
  }

  /** The render this body was made from, or null for a body read back or built from strings. */
  public RenderedDigest rendered() {
    return rendered;
  }

  public String subject() {
    return subject;
  }

  public String html() {
    String h = html;
    if (h == null) {
      h = rendered.encodedHtml();
      html = h;
    }
    return h;
  }

  public String text() {
    String t = text;
    if (t == null) {
      t = rendered.encodedText();
      text = t;
    }
    return t;
  }

  /** SHA-256 (hex) of the three strings, each prefixed by its length so no two bodies collide by shifting text. */
  public String contentHash() {
    String h = contentHash;
    if (h == null) {
      h = hash();
      contentHash = h;
    }
    return h;
  }

  /**
   * The key the outbox stores this body under when composed with these papers: the content hash for a
   * mail without papers, else a hash of it and the papers. Two digests whose templates render alike can
   * list different papers (a template need not show what tells papers apart), and a stored body's paper
   * list has to be that of every row that uses it.
   */
  public String storageKey(List<String> paperIds) {
    if (paperIds.isEmpty()) return contentHash();
    StorageKey k = storageKey;
    if (k != null && k.paperIds().equals(paperIds)) return k.key();
    MessageDigest sha = sha256();
    sha.update(contentHash().getBytes(StandardCharsets.US_ASCII));
    for (String id : paperIds) sha.update(("\n" + id).getBytes(StandardCharsets.UTF_8));
    String key = HexFormat.of().formatHex(sha.digest());
    storageKey = new StorageKey(paperIds, key);
    return key;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String hash() {
    MessageDigest sha = sha256();
    for (String s : new String[] {subject, html(), text()}) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      sha.update((b.length + ":").getBytes(StandardCharsets.US_ASCII));
      sha.update(b);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof DigestBody b && subject.equals(b.subject) && html().equals(b.html()) && text().equals(b.text());
  }

  @Override
  public int hashCode() {
    return Objects.hash(subject, html(), text());
  }

  @Override
  public String toString() {
    return "DigestBody[" + subject + "]";
  }
}
