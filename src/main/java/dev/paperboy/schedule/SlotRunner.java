package dev.paperboy.schedule;

import java.time.Instant;

/** What happens when a slot fires: compose and queue the digests of its subscribers. */
@FunctionalInterface
public interface SlotRunner {

  /**
   * @param scheduledAt when the slot was due; the digest date is its local date in the slot's zone.
   *                    Running a slot twice for the same time must not send anything twice.
   */
  void run(Slot slot, Instant scheduledAt) throws Exception;
}
