package dev.paperboy.cli;

/** The exit codes of every command, as documented in README. */
public final class ExitCodes {
  public static final int OK = 0;
  /** Something went wrong that is not the user's input: a database, a server, a bug. */
  public static final int FAILURE = 1;
  /** Bad input or usage: a broken file, feed, query, address, flag or configuration. */
  public static final int BAD_INPUT = 2;
  /**
   * {@code bounce} only: not recorded now (database, configuration). sysexits' EX_TEMPFAIL, which a mail
   * server that piped the message in takes as "keep it and try again later" rather than losing it.
   */
  public static final int TRY_AGAIN_LATER = 75;

  private ExitCodes() {}
}
