package dev.paperboy.catalog;

import dev.paperboy.source.FormatDetector;
import dev.paperboy.source.ParseContext;
import dev.paperboy.source.Parsers;
import dev.paperboy.source.SourceException;
import dev.paperboy.source.SourceFormat;
import dev.paperboy.source.SourceReader;

/** Reads, parses and records one source: what `paperboy ingest` and the scheduled ingest job share. */
public final class Ingestion {
  private final SourceReader reader;
  private final Catalog catalog;

  public Ingestion(SourceReader reader, Catalog catalog) {
    this.reader = reader;
    this.catalog = catalog;
  }

  /**
   * @param source a file path or an http(s) URL
   * @throws SourceException when it cannot be read or parsed; the catalog is then unchanged
   */
  public IngestReport ingest(String source, SourceFormat format, ParseContext context) throws SourceException {
    byte[] content = reader.read(source);
    SourceFormat f = format == SourceFormat.AUTO ? FormatDetector.detect(source, content) : format;
    return catalog.ingest(Parsers.forFormat(f).parse(source, content, context));
  }
}
