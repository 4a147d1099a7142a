package dev.paperboy.cli;

import dev.paperboy.deliver.Dispatcher;
import java.io.PrintWriter;

/** Sends everything due, with a progress bar, and reports: what `send` and `resend` end with. */
final class Delivering {
  private Delivering() {}

  /** @return the exit code: 1 when a message failed or waits for a retry */
  static int drainAndReport(AppContext app, PrintWriter out, PrintWriter err) {
    Dispatcher dispatcher = app.dispatcher();
    Thread stopOnInterrupt = new Thread(dispatcher::stop, "paperboy-send-stop");
    Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
    ProgressBar bar = ProgressBar.onStderr(err, "sending");
    Dispatcher.Summary summary;
    try {
      summary = dispatcher.drain(bar);
    } finally {
      bar.finish();
      removeHook(stopOnInterrupt);
    }
    out.printf("sent %d, failed %d, waiting to retry %d, expired %d%n", summary.sent(), summary.failed(),
        summary.retrying(), summary.expired());
    if (summary.failed() > 0 || summary.retrying() > 0) {
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
