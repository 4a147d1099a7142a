package dev.paperboy.render;

import dev.paperboy.catalog.Paper;
import dev.paperboy.select.Digest;
import dev.paperboy.select.Pick;
import dev.paperboy.select.Section;
import dev.paperboy.select.Topic;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key under which renders are shared: SHA-256 over everything {@link DigestModel} reads from a
 * digest (the date; each section's topic key and title; each pick's paper content and topic titles,
 * in order; the subscriber's topic titles for the footer) and nothing else. The subscriber's name,
 * address and links are not in it: they are {@link Field}s, spliced in later. Equal keys therefore
 * mean identical renders (under the same templates and settings).
 *
 * <p>Hashing every abstract for every subscriber would cost more than the splice it saves, so each
 * paper's content is hashed once per {@link Paper} instance and remembered: the selection hands the
 * same instances to all subscribers of a run.
 */
public final class DigestShape {
  /** Bump when DigestModel starts reading something new from a digest. */
  private static final String VERSION = "paperboy-shape/1";
  private static final int MAX_REMEMBERED = 50_000;
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(DigestShape::sha256);

  private record Fingerprint(Paper paper, byte[] hash) {}

  private final ConcurrentHashMap<String, Fingerprint> papers = new ConcurrentHashMap<>();

  /**
   * Keys of recent digests by the identity of their sections list: selection hands subscribers with
   * the same selection the same list instance, so most digests are recognised without hashing them
   * (three SHA-256 passes per subscriber were a tenth of composing). An entry is used only when the
   * date and the followed topics are equal too, which with the same sections makes the same shape.
   */
  private record Remembered(List<Section> sections, java.time.LocalDate date, List<Topic> followed, String key) {}

  private static final int MAX_RECENT = 16_384;
  private final java.util.concurrent.atomic.AtomicReferenceArray<Remembered> recent =
      new java.util.concurrent.atomic.AtomicReferenceArray<>(MAX_RECENT);

  /** A URL-safe base64 SHA-256 (43 characters). */
  public String key(Digest digest) {
    List<Section> sections = digest.sections();
    int slot = (System.identityHashCode(sections) & 0x7fffffff) % MAX_RECENT;
    Remembered r = recent.get(slot);
    if (r != null && r.sections() == sections && r.date().equals(digest.date())
        && r.followed().equals(digest.subscriber().topics())) {
      return r.key();
    }
    String key = hash(digest);
    recent.set(slot, new Remembered(sections, digest.date(), digest.subscriber().topics(), key));
    return key;
  }

  private String hash(Digest digest) {
    MessageDigest md = SHA256.get();
    md.reset();
    put(md, VERSION);
    put(md, digest.date().toString());
    List<Topic> followed = digest.subscriber().topics();
    putInt(md, followed.size());
    for (Topic t : followed) put(md, t.title());
    putInt(md, digest.sections().size());
    for (Section s : digest.sections()) {
      put(md, s.topic().key());
      put(md, s.topic().title());
      putInt(md, s.picks().size());
      for (Pick p : s.picks()) {
        md.update(fingerprint(p.paper()));
        putInt(md, p.topics().size());
        for (Topic t : p.topics()) put(md, t.title());
      }
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(md.digest());
  }

  /** The content hash of a paper, remembered for the instance (papers are immutable records). */
  private byte[] fingerprint(Paper paper) {
    String id = paper.id() == null ? "" : paper.id();
    Fingerprint f = papers.get(id);
    if (f != null && f.paper() == paper) return f.hash();
    byte[] hash = contentHash(paper);
    if (papers.size() >= MAX_REMEMBERED) papers.clear(); // a new run's papers replace the old ones
    papers.put(id, new Fingerprint(paper, hash));
    return hash;
  }

  /** Everything of a paper that DigestModel shows or links to. */
  static byte[] contentHash(Paper p) {
    MessageDigest md = sha256();
    put(md, p.id());
    put(md, p.arxivId());
    put(md, p.title());
    put(md, p.abstractText());
    putInt(md, p.authors().size());
    for (String a : p.authors()) put(md, a);
    put(md, p.githubUrl());
    put(md, p.hfUrl());
    putInt(md, p.upvotes() == null ? -1 : p.upvotes());
    return md.digest();
  }

  /** Length-prefixed, so that ("ab", "c") and ("a", "bc") differ; null differs from "". */
  private static void put(MessageDigest md, String s) {
    if (s == null) {
      putInt(md, -1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    putInt(md, b.length);
    md.update(b);
  }

  private static void putInt(MessageDigest md, int v) {
    md.update((byte) (v >>> 24));
    md.update((byte) (v >>> 16));
    md.update((byte) (v >>> 8));
    md.update((byte) v);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
