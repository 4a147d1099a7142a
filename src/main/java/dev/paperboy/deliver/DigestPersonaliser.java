package dev.paperboy.deliver;

import dev.paperboy.render.Links;
import dev.paperboy.render.Recipient;
import dev.paperboy.render.SplicedText;
import java.util.Map;

/**
 * Fills a stored body's placeholders for one outbox row: the rendering stage's splicing, with the
 * row's recipient values and a view-in-browser link made from its public id.
 */
public final class DigestPersonaliser implements BodyPersonaliser, WireBody.Filler {
  /** Recipient value: the subscriber's manage-preferences URL. */
  public static final String MANAGE_URL = "manage_url";
  /** Recipient value of a confirmation row: the double opt-in URL. */
  public static final String CONFIRM_URL = "confirm_url";

  private final Links links;
  /** Encoded bodies kept at most; a 100,000-digest day has some 20,000 distinct bodies. */
  static final int ENCODED = 1024;

  /**
   * Bodies without a stored wire form, encoded here ({@link WireBody#of}) by content hash, least
   * recently used dropped first: a body is encoded once while it is in use, however many rows share
   * it, and a day of distinct bodies does not fill the heap.
   */
  private final Map<String, WireBody> encoded = RecentlyUsed.synchronizedMap(ENCODED);

  public DigestPersonaliser(Links links) {
    this.links = links;
  }

  /** The strings, for a page (view in browser): parsed each time, as pages are few. */
  @Override
  public Personalised personalise(DigestBody body, OutboxRow row) {
    Recipient r = recipient(row, links);
    return new Personalised(body.subject(), SplicedText.parse(body.html()).fill(r, true),
        SplicedText.parse(body.text()).fill(r, false));
  }

  @Override
  public MessageContent content(DigestBody body, OutboxRow row) {
    String hash = body.contentHash();
    WireBody wire = encoded.get(hash);
    if (wire == null) { // encoded outside the lock: two senders may both encode a body, once
      wire = WireBody.of(body);
      encoded.put(hash, wire);
    }
    return content(wire, row);
  }

  @Override
  public MessageContent content(WireBody body, OutboxRow row) {
    Recipient r = recipient(row, links);
    return new MessageContent(body.subject(), body.html().fill(r), body.text().fill(r));
  }

  static Recipient recipient(OutboxRow row, Links links) {
    return new Recipient(row.email(), row.recipientName(), row.unsubscribeUrl(),
        row.recipient().getOrDefault(MANAGE_URL, ""), links.viewDigest(Outbox.digestPublicId(row)),
        row.recipient().getOrDefault(CONFIRM_URL, ""));
  }
}
