package dev.paperboy.deliver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a serving node's row in the node table fresh, whatever its senders are doing (a sender blocked
 * on a slow server or a rate limit does not beat), forgets nodes gone for a week, and records a clean
 * stop. {@code paperboy status} reads the result through {@link #liveness}.
 */
public final class NodeHeartbeat implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);
  public static final Duration INTERVAL = Duration.ofSeconds(15);
  /** Silent for longer than three beats: something is wrong with the node (or it died). */
  public static final Duration STALE_AFTER = INTERVAL.multipliedBy(3);
  /** Nodes not heard of for this long (stopped or dead) are forgotten, unless they still hold rows. */
  public static final Duration FORGET_AFTER = Duration.ofDays(7);
  private static final long PRUNE_EVERY = Duration.ofHours(1).dividedBy(INTERVAL);

  /** What a node's row says about it. */
  public enum Liveness {
    /** Beat within {@link #STALE_AFTER}. */
    ALIVE,
    /** Silent for longer: overloaded, cut off from the database, or dead. Its leases still run. */
    STALE,
    /** Silent for longer than a lease: its claimed rows are being taken over by the others. */
    DEAD,
    /** Stopped cleanly: it gave its claimed rows back. */
    STOPPED;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Outbox outbox;
  private final String nodeId;
  private final Instant startedAt;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private long beats;

  /** Beats once now (so the node is listed before it does anything), then every {@link #INTERVAL}. */
  public NodeHeartbeat(Outbox outbox, String nodeId, Instant startedAt, Clock clock) {
    this.outbox = outbox;
    this.nodeId = nodeId;
    this.startedAt = startedAt;
    this.clock = clock;
    beat();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "paperboy-heartbeat");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::beat, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void beat() {
    try {
      outbox.heartbeat(nodeId, startedAt);
      if (beats++ % PRUNE_EVERY == 0) {
        int n = outbox.pruneNodes(clock.instant().minus(FORGET_AFTER));
        if (n > 0) log.info("forgot {} nodes not heard of for {} days", n, FORGET_AFTER.toDays());
      }
    } catch (RuntimeException e) {
      log.warn("heartbeat of node {} failed: {}", nodeId, e.toString());
    }
  }

  /**
   * @param lease delivery.lease: how long a dead node's claimed rows stay its own
   */
  public static Liveness liveness(Outbox.Node node, Instant now, Duration lease) {
    if (node.stoppedAt() != null) return Liveness.STOPPED;
    Duration silent = Duration.between(node.heartbeatAt(), now);
    if (silent.compareTo(STALE_AFTER) <= 0) return Liveness.ALIVE;
    return silent.compareTo(lease.compareTo(STALE_AFTER) > 0 ? lease : STALE_AFTER) <= 0 ? Liveness.STALE : Liveness.DEAD;
  }

  /** Stops beating and records a clean stop; call after the senders have given their rows back. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
      outbox.stopped(nodeId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("could not record that node {} stopped: {}", nodeId, e.toString());
    }
  }
}
