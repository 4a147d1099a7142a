package dev.paperboy.deliver;

import dev.paperboy.render.Links;
import dev.paperboy.render.Recipient;
import dev.paperboy.render.SplicedText;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fills a stored body's placeholders for one outbox row: the rendering stage's splicing, with the
 * row's recipient values and a view-in-browser link made from its public id.
 */
public final class DigestPersonaliser implements BodyPersonaliser {
  /** Recipient value: the subscriber's manage-preferences URL. */
  public static final String MANAGE_URL = "manage_url";
  /** Recipient value of a confirmation row: the double opt-in URL. */
  public static final String CONFIRM_URL = "confirm_url";

  private final Links links;
  /** Parsed bodies by content hash: a body is parsed once, however many rows share it. */
  private final Map<String, SplicedText[]> parsed = new ConcurrentHashMap<>();

  public DigestPersonaliser(Links links) {
    this.links = links;
  }

  @Override
  public Personalised personalise(DigestBody body, OutboxRow row) {
    SplicedText[] parts = parsed.computeIfAbsent(body.contentHash(),
        h -> new SplicedText[] {SplicedText.parse(body.html()), SplicedText.parse(body.text())});
    Recipient r = recipient(row, links);
    return new Personalised(body.subject(), parts[0].fill(r, true), parts[1].fill(r, false));
  }

  static Recipient recipient(OutboxRow row, Links links) {
    return new Recipient(row.email(), row.recipientName(), row.unsubscribeUrl(),
        row.recipient().getOrDefault(MANAGE_URL, ""), links.viewDigest(row.publicId()),
        row.recipient().getOrDefault(CONFIRM_URL, ""));
  }
}
