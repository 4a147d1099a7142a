package dev.paperboy.schedule;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SIGHUP means "re-read your configuration", as for most Unix daemons. */
public final class Signals {
  private static final Logger log = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  /** Runs {@code action} on SIGHUP where the platform has it; returns whether it could be installed. */
  @SuppressWarnings("restriction")
  public static boolean onHangup(Runnable action) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
        log.info("SIGHUP: reloading");
        action.run();
      });
      return true;
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
      log.debug("no SIGHUP on this platform: {}", e.toString());
      return false;
    }
  }
}
