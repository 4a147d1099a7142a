package dev.paperboy.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Log levels from the command line: warnings only by default, more with --verbose. */
final class Logging {
  private Logging() {}

  static void configure(int verbosity) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
    Level level = switch (verbosity) {
      case 0 -> Level.WARN;
      case 1 -> Level.INFO;
      default -> Level.DEBUG;
    };
    context.getLogger("dev.paperboy").setLevel(level);
    if (verbosity >= 2) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
  }

  /** For long-running services: their own progress is worth logging even without --verbose. */
  static void atLeastInfo() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
    ch.qos.logback.classic.Logger l = context.getLogger("dev.paperboy");
    if (l.getLevel() == null || l.getLevel().isGreaterOrEqual(Level.WARN)) l.setLevel(Level.INFO);
  }
}
