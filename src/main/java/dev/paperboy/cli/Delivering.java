package dev.paperboy.cli;

import dev.paperboy.deliver.Dispatcher;
import dev.paperboy.schedule.Signals;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

/** Sends everything due, with a progress bar, and reports: what `send` and `resend` end with. */
final class Delivering {
  private Delivering() {}

  /** @return the exit code: 1 when a message failed or waits for a retry */
  static int drainAndReport(AppContext app, PrintWriter out, PrintWriter err) {
    Dispatcher dispatcher = app.dispatcher();
    AtomicBoolean interrupted = new AtomicBoolean();
    // Ctrl-C or SIGTERM: the senders finish and record the message in flight and give the rest back, in
    // a signal handler (a shutdown hook would race the embedded database's own hook, which closes it).
    // The hook stays for the ways out the handler does not see.
    Thread stopOnInterrupt = new Thread(dispatcher::stop, "paperboy-send-stop");
    Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
    ProgressBar bar = ProgressBar.onStderr(err, "sending");
    Dispatcher.Summary summary;
    try (AutoCloseable signals = Signals.onTerminate(() -> {
      interrupted.set(true);
      new Thread(dispatcher::stop, "paperboy-send-stop").start();
    })) {
      summary = dispatcher.drain(bar);
    } catch (Exception e) {
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    } finally {
      bar.finish();
      removeHook(stopOnInterrupt);
    }
    // rows an earlier run left waiting for a retry are not due yet, so this run never saw them
    long retrying = Math.max(summary.retrying(), app.outbox().countRetries());
    out.printf("sent %d, failed %d, waiting to retry %d, expired %d%n", summary.sent(), summary.failed(),
        retrying, summary.expired());
    if (interrupted.get()) {
      err.println("interrupted: the rest stays queued; `paperboy send` again sends it (nothing twice)");
      return ExitCodes.FAILURE;
    }
    if (summary.failed() > 0 || retrying > 0) {
      err.println("see `paperboy status` for the errors; `paperboy resend --failed` retries failed messages");
      return ExitCodes.FAILURE;
    }
    return ExitCodes.OK;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is already exiting: the hook is running or has run
    }
  }
}
