package dev.paperboy.cli;

import dev.paperboy.schedule.Signals;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;

@Command(
    name = "serve",
    description = {
      "Run the service: the schedule, the senders, the web app.",
      "Ingests the configured sources on their schedule, sends each subscriber's digest at their send_at in"
          + " their time zone, prunes old outbox rows daily, and re-reads the topic file when it changes (or on"
          + " SIGHUP).",
      "Also serves the subscriber web app (sign-up, confirm, unsubscribe, manage, /healthz, /metrics)"
          + " on web.host:web.port unless web.enabled is false.",
      "Stops cleanly on SIGTERM or Ctrl-C, then exits 0: messages in flight are finished and recorded,"
          + " claimed ones given back, nothing is sent twice."
    })
final class ServeCommand extends BaseCommand {

  @Override
  public Integer call() throws Exception {
    Logging.atLeastInfo();
    Server server = new Server(app());
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable stop = () -> {
      if (!stopping.compareAndSet(false, true)) return;
      server.close();
      app().close();
      stopped.countDown();
    };
    server.start();
    // A shutdown hook too, for the ways out a signal handler does not see (System.exit elsewhere, a signal
    // handler that could not be installed); after a clean stop it has nothing left to do.
    Thread hook = new Thread(stop, "paperboy-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (AutoCloseable signals = Signals.onTerminate(() -> new Thread(stop, "paperboy-stop").start())) {
      err().println("paperboy is serving; Ctrl-C or SIGTERM stops it");
      stopped.await();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running or ran: nothing to undo
      }
    }
    err().println("paperboy stopped");
    return ExitCodes.OK;
  }
}
