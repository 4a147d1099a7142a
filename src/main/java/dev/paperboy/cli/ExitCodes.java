package dev.paperboy.cli;

/** The exit codes of every command, as documented in README. */
public final class ExitCodes {
  public static final int OK = 0;
  /** Something went wrong that is not the user's input: a database, a server, a bug. */
  public static final int FAILURE = 1;
  /** Bad input or usage: a broken file, feed, query, address, flag or configuration. */
  public static final int BAD_INPUT = 2;

  private ExitCodes() {}
}
