package dev.paperboy.cli;

import dev.paperboy.deliver.Dispatcher;
import java.io.PrintWriter;

/**
 * Progress of a long command on standard error: a bar redrawn in place on a terminal, a line every
 * tenth of the way when the output goes to a file or a pipe (where a bar would be noise).
 */
final class ProgressBar implements Dispatcher.Progress {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter err;
  private final String label;
  private final boolean terminal;
  private final long started = System.nanoTime();
  private long lastDraw;
  private long lastTenth = -1;
  private boolean drawn;

  ProgressBar(PrintWriter err, String label, boolean terminal) {
    this.err = err;
    this.label = label;
    this.terminal = terminal;
  }

  static ProgressBar onStderr(PrintWriter err, String label) {
    return new ProgressBar(err, label, System.console() != null);
  }

  @Override
  public synchronized void update(long done, long total) {
    long now = System.nanoTime();
    if (terminal) {
      if (now - lastDraw < REDRAW_NANOS && done < total) return;
      lastDraw = now;
      err.print("\r" + render(done, total, now));
      err.flush();
      drawn = true;
    } else if (total > 0) {
      long tenth = done * 10 / total;
      if (tenth != lastTenth) {
        lastTenth = tenth;
        err.println(render(done, total, now));
      }
    }
  }

  /** Ends the bar's line, so that what follows starts on a fresh one. */
  synchronized void finish() {
    if (drawn) err.println();
    drawn = false;
  }

  String render(long done, long total, long now) {
    double seconds = Math.max(1e-3, (now - started) / 1e9);
    long shownTotal = Math.max(total, done);
    int filled = shownTotal == 0 ? WIDTH : (int) (WIDTH * done / shownTotal);
    return String.format("%s [%s%s] %d/%d  %.0f/s", label, "#".repeat(filled), " ".repeat(WIDTH - filled), done,
        shownTotal, done / seconds);
  }
}
