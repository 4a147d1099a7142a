package dev.paperboy.token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The signing secret when none is configured: generated once, kept in a file readable only by its
 * owner, so links in mail keep working across restarts without the admin having to invent a secret.
 */
public final class SecretFile {
  private SecretFile() {}

  /** The secret spec ("v1:...") stored at {@code file}, created on first use. */
  public static String loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) return Files.readString(file, StandardCharsets.UTF_8).strip();
      Files.createDirectories(file.toAbsolutePath().getParent());
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String spec = "v1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".secret", ".tmp");
      try {
        setOwnerOnly(tmp);
        Files.writeString(tmp, spec + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file);
      } catch (FileAlreadyExistsException raced) {
        Files.deleteIfExists(tmp);
      }
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the token secret " + file, e);
    }
  }

  private static void setOwnerOnly(Path p) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the user profile's ACLs apply
    }
  }
}
