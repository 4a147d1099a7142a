package dev.paperboy.cli;

import dev.paperboy.catalog.IngestReport;
import dev.paperboy.catalog.Ingestion;
import dev.paperboy.source.ParseContext;
import dev.paperboy.source.SourceException;
import dev.paperboy.source.SourceFormat;
import java.time.LocalDate;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "ingest",
    description = {
      "Add papers from daily-papers listings, Hugging Face daily_papers JSON or arXiv Atom/RSS feeds to the catalog.",
      "Each source is recorded whole or not at all; one bad source does not stop the others.",
      "Prints one line per source: how many papers were new, already known, skipped (with reasons)."
    })
final class IngestCommand extends BaseCommand {

  @Parameters(arity = "1..*", paramLabel = "SOURCE", description = "A file or an http(s) URL.")
  List<String> sources;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
      converter = FormatConverter.class,
      description = "auto (default: decided from the content), listing, hf-json or arxiv.")
  SourceFormat format;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD",
      description = "The day to ingest as: dates a listing without a date line, and a year-less date line "
          + "resolves to the latest such day not after it (default: today).")
  LocalDate date;

  @Override
  public Integer call() {
    Ingestion ingestion = app().ingestion();
    ParseContext context = new ParseContext(date != null ? date : LocalDate.now(app().clock()), date != null);
    int failed = 0;
    int unreachable = 0;
    for (String source : sources) {
      try {
        IngestReport report = ingestion.ingest(source, format, context);
        out().println(report.summary());
        report.skipped().forEach(s -> out().println("  skipped " + s.where() + ": " + s.reason()));
        report.warnings().forEach(w -> err().println(source + ": warning: " + w));
      } catch (SourceException e) {
        err().println("error: " + e.getMessage());
        failed++;
        if (e.isUnreachable()) unreachable++;
      }
      out().flush();
    }
    if (failed == 0) return ExitCodes.OK;
    if (sources.size() > 1) {
      int ingested = sources.size() - failed;
      err().println(failed + " of " + sources.size() + " sources failed; "
          + (ingested == 0 ? "nothing was ingested" : Nouns.count(ingested, "other") + " ingested"));
    }
    // a source at fault wants the user's fix; only a network or server failure is worth simply retrying
    return failed > unreachable ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE;
  }

  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<SourceFormat> {
    @Override
    public SourceFormat convert(String value) {
      return SourceFormat.fromCliName(value);
    }
  }
}
