package dev.paperboy.catalog;

import dev.paperboy.source.FormatDetector;
import dev.paperboy.source.ParseContext;
import dev.paperboy.source.Parsers;
import dev.paperboy.source.SourceException;
import dev.paperboy.source.SourceFormat;
import dev.paperboy.source.SourceReader;
import io.micrometer.core.instrument.Metrics;

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
    IngestReport report = catalog.ingest(Parsers.forFormat(f).parse(source, content, context));
    // global registry: a no-op unless `serve` exposes metrics
    Metrics.counter("paperboy.ingest.papers", "result", "added").increment(report.added());
    Metrics.counter("paperboy.ingest.papers", "result", "known").increment(report.known());
    Metrics.counter("paperboy.ingest.papers", "result", "skipped").increment(report.skipped().size());
    return report;
  }
}
