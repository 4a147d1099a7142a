package dev.paperboy.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/** The bundled sample sources in the project's samples/ folder (Maven runs tests from the project dir). */
final class Samples {
  static final ParseContext NOV_23_2026 = new ParseContext(LocalDate.of(2026, 11, 23), false);

  private Samples() {}

  static Path path(String name) {
    return Path.of("samples", name);
  }

  static byte[] bytes(String name) {
    try {
      return Files.readAllBytes(path(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  /** The lines of a sample, as a person counts them: lines.get(0) is line 1. */
  static List<String> lines(String name) {
    return List.of(text(name).split("\n", -1));
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
