package dev.paperboy.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Maps a line number Thymeleaf reports back to the line in the admin's file. Thymeleaf drops
 * parser-level comments ({@code <!--/* ... *}{@code /-->} in HTML, {@code /*[- ... -]*}{@code /} in
 * text) before it parses, so every line such a comment spans shifts its numbers after it.
 */
final class TemplateLines {
  private TemplateLines() {}

  /** The line in {@code file} that Thymeleaf called {@code reported}; unchanged when unreadable. */
  static int originalLine(Path file, boolean text, int reported) {
    String s;
    try {
      s = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return reported;
    }
    String open = text ? "/*[-" : "<!--/*";
    String close = text ? "-]*/" : "*/-->";
    int seen = 1; // lines as Thymeleaf counts them
    int original = 1;
    int i = 0;
    while (i < s.length() && seen < reported) {
      if (s.startsWith(open, i) && !(!text && s.startsWith("<!--/*/", i))) { // <!--/*/ ... /*/--> is kept
        int end = s.indexOf(close, i + open.length());
        if (end < 0) break;
        end += close.length();
        for (int j = i; j < end; j++) if (s.charAt(j) == '\n') original++;
        i = end;
        continue;
      }
      if (s.charAt(i) == '\n') {
        seen++;
        original++;
      }
      i++;
    }
    return original;
  }
}
