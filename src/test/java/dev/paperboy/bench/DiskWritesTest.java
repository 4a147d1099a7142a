package dev.paperboy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class DiskWritesTest {
  @Test
  void onLinuxTheProcessWritesAreReadAndNeverGoBack() throws Exception {
    Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/io")), "no /proc/self/io here");
    long before = DiskWrites.read();
    assertThat(before).isNotNegative();
    assertThat(DiskWrites.read()).isGreaterThanOrEqualTo(before);
  }
}
