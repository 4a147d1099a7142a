package dev.paperboy.schedule;

import java.time.Instant;
import java.util.List;

/**
 * What a node of a cluster does when a slot fires: the node that fires the slot lists its
 * subscribers; their digests are then composed in chunks, each by whichever node runs it.
 */
public interface ChunkRunner {

  /** The ids of the subscribers of {@code slot}, in a stable order, for the time it was due. */
  List<String> subscribers(Slot slot, Instant dueAt) throws Exception;

  /**
   * Composes and queues the digests of these subscribers for the slot's time. Running a chunk twice
   * (a dead node's chunk run again) must not queue anything twice.
   */
  void compose(Slot slot, Instant dueAt, List<String> subscriberIds) throws Exception;
}
