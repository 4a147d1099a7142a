package dev.paperboy.bench;

import dev.paperboy.deliver.Composed;
import dev.paperboy.deliver.Composer;
import dev.paperboy.deliver.DigestBody;
import dev.paperboy.deliver.DigestPersonaliser;
import dev.paperboy.deliver.OutboxRow;
import dev.paperboy.deliver.RecentlyUsed;
import dev.paperboy.render.Links;
import dev.paperboy.render.Recipient;
import dev.paperboy.render.RenderedDigest;
import dev.paperboy.render.SplicedText;
import java.util.List;
import java.util.Map;

/**
 * Where the compose phase puts its digests instead of the outbox: each one is finished for its
 * recipient (name, address and links spliced into the shared HTML and text, encoded to UTF-8 bytes,
 * as a sender would) and counted, then dropped. So the phase measures selection and rendering of
 * every subscriber's HTML and text, and nothing of the database's writing, which the queue phase
 * measures.
 */
final class PersonalisedCount implements Composer.Store {
  private final Links links;
  /** Parsed bodies, least recently used dropped first (as the senders keep them). */
  private final Map<DigestBody, SplicedText[]> parsed = RecentlyUsed.map(256);
  private long digests;
  private long bytes;

  PersonalisedCount(Links links) {
    this.links = links;
  }

  @Override
  public int write(List<Composed> batch) {
    for (Composed c : batch) {
      digests++;
      if (c.isEmpty()) continue;
      RenderedDigest r0 = c.body().rendered();
      SplicedText[] parts = r0 != null ? new SplicedText[] {r0.htmlBody(), r0.textBody()} : parsed.get(c.body());
      if (parts == null) {
        parts = new SplicedText[] {SplicedText.parse(c.body().html()), SplicedText.parse(c.body().text())};
        parsed.put(c.body(), parts);
      }
      Map<String, String> v = c.recipient();
      // the view link is made from the row's public id at send time: one of the same length here
      Recipient r = new Recipient(c.email(), v.getOrDefault(OutboxRow.NAME, ""), v.getOrDefault(OutboxRow.UNSUBSCRIBE_URL, ""),
          v.getOrDefault(DigestPersonaliser.MANAGE_URL, ""), links.viewDigest(c.subscriberId()));
      bytes += parts[0].fillUtf8(r, true).length;
      bytes += parts[1].fillUtf8(r, false).length;
    }
    return batch.size();
  }

  /** Digests handed over (empty ones included). Read once composing is over. */
  long digests() {
    return digests;
  }

  /** UTF-8 bytes of every recipient's HTML and text bodies together. */
  long bytes() {
    return bytes;
  }
}
