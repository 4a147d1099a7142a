package dev.paperboy.schedule;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Unix signals for a daemon: SIGHUP re-reads the configuration, SIGTERM and SIGINT stop it cleanly. */
@SuppressWarnings("restriction")
public final class Signals {
  private static final Logger log = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  /** Runs {@code action} on SIGHUP where the platform has it; returns whether it could be installed. */
  public static boolean onHangup(Runnable action) {
    try {
      Signal.handle(new Signal("HUP"), signal -> {
        log.info("SIGHUP: reloading");
        action.run();
      });
      return true;
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
      log.debug("no SIGHUP on this platform: {}", e.toString());
      return false;
    }
  }

  /**
   * Runs {@code stop} on SIGTERM or SIGINT instead of the JVM's shutdown, until the returned handle is
   * closed (then the previous handlers are back).
   *
   * <p>Why not a shutdown hook: hooks run concurrently, and the embedded database's own hook closes it
   * under the senders that still have to record what they sent and give back what they claimed. Here
   * everything stops in order while the JVM is still whole; the hooks run afterwards, with nothing left
   * to do.
   */
  public static AutoCloseable onTerminate(Runnable stop) {
    List<Signal> signals = new ArrayList<>();
    List<SignalHandler> previous = new ArrayList<>();
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal signal = new Signal(name);
        previous.add(Signal.handle(signal, s -> {
          log.info("SIG{}: stopping", s.getName());
          stop.run();
        }));
        signals.add(signal);
      } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
        log.debug("no SIG{} handler on this platform: {}", name, e.toString());
      }
    }
    return () -> {
      for (int i = 0; i < signals.size(); i++) Signal.handle(signals.get(i), previous.get(i));
    };
  }
}
