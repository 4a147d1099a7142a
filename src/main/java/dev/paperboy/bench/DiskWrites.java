package dev.paperboy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bytes this process has caused to be written to storage, as Linux counts them ({@code write_bytes}
 * in /proc/self/io: what reaches the block layer, so a file rewritten in the page cache before it is
 * flushed counts once). On H2 that is the database file; a PostgreSQL server's writes are its own and
 * are not counted. Where the kernel does not tell, {@link #read} is -1.
 */
final class DiskWrites {
  private static final Path IO = Path.of("/proc/self/io");
  private static final String FIELD = "write_bytes:";

  private DiskWrites() {}

  static long read() {
    try {
      for (String line : Files.readAllLines(IO)) {
        if (line.startsWith(FIELD)) return Long.parseLong(line.substring(FIELD.length()).strip());
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or /proc hidden: the figure is left out
    }
    return -1;
  }
}
