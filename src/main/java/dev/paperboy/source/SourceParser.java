package dev.paperboy.source;

/** Turns the bytes of one source into papers. Implementations are stateless and thread-safe. */
public interface SourceParser {

  /**
   * @param name    how to name the source in messages (a path or URL)
   * @param content the raw bytes
   * @throws SourceException when the content is malformed; nothing of it may be used then
   */
  ParsedSource parse(String name, byte[] content, ParseContext context) throws SourceException;
}
