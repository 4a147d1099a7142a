package dev.paperboy.cli;

import dev.paperboy.config.BadInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Turns an exception escaping a command into a message and an exit code, never a bare stack trace. */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ErrorReporter.class);

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
    if (e instanceof BadInput) {
      cli.getErr().println(e.getMessage());
      return ExitCodes.BAD_INPUT;
    }
    log.debug("command failed", e);
    cli.getErr().println("paperboy: " + describe(e));
    cli.getErr().println("(run with --verbose for details)");
    return ExitCodes.FAILURE;
  }

  static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
    Throwable c = e.getCause();
    int depth = 0;
    while (c != null && depth++ < 3) {
      if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) sb.append(": ").append(c.getMessage());
      c = c.getCause();
    }
    return sb.toString();
  }
}
