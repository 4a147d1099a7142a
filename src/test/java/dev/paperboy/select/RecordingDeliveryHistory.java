package dev.paperboy.select;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Test fixture standing in for the deliver stage's outbox, which will implement
 * {@link DeliveryHistory} for real: it remembers every digest it is told about as if it had been
 * queued for sending.
 */
final class RecordingDeliveryHistory implements DeliveryHistory {
  private final Map<String, Instant> windowEnds = new HashMap<>();
  private final Map<String, Set<String>> sent = new HashMap<>();
  int lookups;

  void record(Digest d) {
    String id = d.subscriber().id();
    windowEnds.put(id, d.windowEnd());
    Set<String> papers = sent.computeIfAbsent(id, k -> new HashSet<>());
    d.picks().forEach(p -> papers.add(p.paper().id()));
  }

  @Override
  public Map<String, History> of(Collection<String> subscriberIds) {
    lookups++;
    Map<String, History> out = new HashMap<>();
    for (String id : subscriberIds) {
      if (windowEnds.containsKey(id)) out.put(id, new History(windowEnds.get(id), Set.copyOf(sent.get(id))));
    }
    return out;
  }
}
