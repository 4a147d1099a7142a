package dev.paperboy.source;

import java.util.List;

/**
 * Everything one source yielded: its papers in listing order, the entries it skipped and why, and
 * warnings worth showing the user (for example a listing without a date line).
 */
public record ParsedSource(
    String name, SourceFormat format, List<ParsedPaper> papers, List<Skipped> skipped, List<String> warnings) {

  public ParsedSource {
    papers = List.copyOf(papers);
    skipped = List.copyOf(skipped);
    warnings = List.copyOf(warnings);
  }

  /** An entry the parser deliberately left out; {@code where} is "line 12" or "entry 3". */
  public record Skipped(String where, String reason) {}
}
