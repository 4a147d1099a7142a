package dev.paperboy.deliver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What storage.keep keeps: the outbox's finished rows, and beside them the logs of refusals and
 * complaints. Those stay at least {@code delivery.bounce_window}, within which a refusal still counts
 * towards stopping an address and both make the figures {@code status} shows.
 */
public final class Retention {
  /** What a prune deleted (or, in a dry run, would delete). */
  public record Pruned(Outbox.Pruned outbox, Instant logsBefore, int refusals, int complaints) {}

  private final Outbox outbox;
  private final BounceLog bounces;
  private final Complaints complaints;
  private final Clock clock;

  public Retention(Outbox outbox, BounceLog bounces, Complaints complaints, Clock clock) {
    this.outbox = outbox;
    this.bounces = bounces;
    this.complaints = complaints;
    this.clock = clock;
  }

  public Pruned prune(Duration keep, boolean dryRun, Dispatcher.Progress progress) {
    Outbox.Pruned rows = outbox.prune(keep, dryRun, progress);
    Duration window = bounces.limit().window();
    Instant before = clock.instant().minus(keep.compareTo(window) > 0 ? keep : window);
    return new Pruned(rows, before, bounces.prune(before, dryRun), complaints.prune(before, dryRun));
  }
}
