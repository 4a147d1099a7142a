package dev.paperboy.source;

/** The parser for each {@link SourceFormat}; {@link SourceFormat#AUTO} detects the format first. */
public final class Parsers {
  private static final SourceParser LISTING = new ListingParser();
  private static final SourceParser HF_JSON = new HfJsonParser();
  private static final SourceParser ARXIV = new ArxivFeedParser();
  private static final SourceParser AUTO =
      (name, content, context) -> forFormat(FormatDetector.detect(name, content)).parse(name, content, context);

  private Parsers() {}

  public static SourceParser forFormat(SourceFormat format) {
    return switch (format) {
      case AUTO -> AUTO;
      case LISTING -> LISTING;
      case HF_JSON -> HF_JSON;
      case ARXIV -> ARXIV;
    };
  }
}
