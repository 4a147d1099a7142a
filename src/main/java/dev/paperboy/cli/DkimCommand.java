package dev.paperboy.cli;

import dev.paperboy.deliver.DkimKeys;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dkim", description = "DKIM keys for signing outgoing mail.", subcommands = {DkimCommand.Keygen.class})
final class DkimCommand extends BaseCommand {

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'paperboy dkim keygen --help'");
  }

  @Command(name = "keygen", description = {
      "Write an RSA key pair (SELECTOR.private.pem, SELECTOR.public.pem) and print the DNS TXT record"
          + " that publishes the public key at SELECTOR._domainkey.DOMAIN. Never overwrites a key.",
      "Then set dkim.private_key, dkim.selector and dkim.domain in the configuration."})
  static final class Keygen extends BaseCommand {
    @Option(names = "--selector", required = true, paramLabel = "S", description = "The DKIM selector (s=), e.g. pb2026.")
    String selector;

    @Option(names = "--domain", required = true, paramLabel = "D", description = "The signing domain (d=): the From address's domain.")
    String domain;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the key files (default: config/dkim under the Paperboy home).")
    Path out;

    @Option(names = "--bits", paramLabel = "N", defaultValue = "2048", description = "Key size: 2048 (default), 3072 or 4096.")
    int bits;

    @Override
    public Integer call() {
      if (!selector.matches("[A-Za-z0-9]([A-Za-z0-9_-]*)(\\.[A-Za-z0-9_-]+)*")) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--selector: '" + selector + "' is not a DKIM selector (letters, digits, -, _ and dots)");
      }
      if (!domain.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+")) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--domain: '" + domain + "' is not a domain name");
      }
      if (!DkimKeys.BITS.contains(bits)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--bits: " + bits + " is not one of 2048, 3072, 4096");
      }
      Path dir = out != null ? out : ((PaperboyCommand) spec.root().userObject()).home().resolve("config/dkim");
      DkimKeys.KeyFiles files = DkimKeys.filesFor(dir, selector);
      KeyPair pair = DkimKeys.generate(bits);
      try {
        DkimKeys.write(pair, files);
      } catch (FileAlreadyExistsException e) {
        err().println(e.getFile() + ": " + e.getReason());
        return ExitCodes.BAD_INPUT;
      } catch (IOException e) {
        err().println("cannot write the key: " + e);
        return ExitCodes.FAILURE;
      }
      String name = DkimKeys.recordName(selector, domain);
      List<String> strings = DkimKeys.recordStrings(DkimKeys.recordValue(pair.getPublic()));
      out().println("private key: " + files.privateKey() + " (keep it secret)");
      out().println("public key:  " + files.publicKey());
      out().println();
      out().println("Publish this DNS TXT record:");
      out().println(name + ". IN TXT ( " + strings.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining("\n    ")) + " )");
      out().println();
      out().println("Then configure:");
      out().println("dkim:");
      out().println("  private_key: \"" + files.privateKey() + "\"");
      out().println("  selector: \"" + selector + "\"");
      out().println("  domain: \"" + domain + "\"");
      return ExitCodes.OK;
    }
  }
}
