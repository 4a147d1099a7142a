package dev.paperboy.deliver;

import dev.paperboy.render.Links;
import dev.paperboy.render.Recipient;
import dev.paperboy.render.SplicedText;
import java.util.Map;

/**
 * Fills a stored body's placeholders for one outbox row: the rendering stage's splicing, with the
 * row's recipient values and a view-in-browser link made from its public id.
 */
public final class DigestPersonaliser implements BodyPersonaliser {
  /** Recipient value: the subscriber's manage-preferences URL. */
  public static final String MANAGE_URL = "manage_url";

  private final Links links;
  /** Parsed bodies kept at most; a 100,000-digest day has some 20,000 distinct bodies. */
  static final int PARSED = 1024;

  /**
   * Parsed bodies by content hash, least recently used dropped first: a body is parsed once while it
   * is in use, however many rows share it, and a day of distinct bodies does not fill the heap.
   */
  private final Map<String, SplicedText[]> parsed = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(PARSED * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SplicedText[]> eldest) {
          return size() > PARSED;
        }
      });

  public DigestPersonaliser(Links links) {
    this.links = links;
  }

  @Override
  public Personalised personalise(DigestBody body, OutboxRow row) {
    String hash = body.contentHash();
    SplicedText[] parts = parsed.get(hash);
    if (parts == null) { // parsed outside the lock: two senders may both parse a body, once
      parts = new SplicedText[] {SplicedText.parse(body.html()), SplicedText.parse(body.text())};
      parsed.put(hash, parts);
    }
    Recipient r = recipient(row, links);
    return new Personalised(body.subject(), parts[0].fill(r, true), parts[1].fill(r, false));
  }

  static Recipient recipient(OutboxRow row, Links links) {
    return new Recipient(row.email(), row.recipientName(), row.unsubscribeUrl(),
        row.recipient().getOrDefault(MANAGE_URL, ""), links.viewDigest(Outbox.digestPublicId(row)));
  }
}
