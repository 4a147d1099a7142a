package dev.paperboy.cli;

import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

@Command(
    name = "serve",
    description = {
      "Run the service: ingest the configured sources on their schedule, send each subscriber's digest",
      "at their send_at in their time zone, and re-read the topic file when it changes (or on SIGHUP).",
      "Also serves the subscriber web app (sign-up, confirm, unsubscribe, manage, /healthz, /metrics)",
      "on web.host:web.port unless web.enabled is false.",
      "Stops cleanly on SIGTERM or Ctrl-C: messages in flight are finished, nothing is sent twice."
    })
final class ServeCommand extends BaseCommand {

  @Override
  public Integer call() throws Exception {
    Logging.atLeastInfo();
    Server server = new Server(app());
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "paperboy-shutdown");
    server.start();
    Runtime.getRuntime().addShutdownHook(hook);
    err().println("paperboy is serving; Ctrl-C or SIGTERM stops it");
    stopped.await();
    return ExitCodes.OK;
  }
}
