package dev.paperboy.deliver;

import dev.paperboy.select.DeliveryHistory;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** What selection needs to know of past digests, read from the outbox. */
public final class OutboxHistory implements DeliveryHistory {
  private final Outbox outbox;

  public OutboxHistory(Outbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public Map<String, History> of(Collection<String> subscriberIds) {
    Map<String, History> out = new HashMap<>();
    outbox.history(subscriberIds).forEach((id, h) -> out.put(id, new History(h.windowEnd(), h.paperIds())));
    return out;
  }
}
