package dev.paperboy.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command has: --help, the shared services, and the command's own output streams. */
@Command(
    mixinStandardHelpOptions = true,
    sortOptions = false,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:runtime failure (database, network, mail server, or a bug)",
      "2:bad input or usage (a broken file, feed, query, address, flag or configuration)"
    })
abstract class BaseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  AppContext app() {
    return ((PaperboyCommand) spec.root().userObject()).app();
  }

  boolean verbose() {
    return ((PaperboyCommand) spec.root().userObject()).verbosity() > 0;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
