package dev.paperboy.bench;

import dev.paperboy.source.ParseContext;
import dev.paperboy.source.ParsedPaper;
import dev.paperboy.source.ParsedSource;
import dev.paperboy.source.Parsers;
import dev.paperboy.source.SourceException;
import dev.paperboy.source.SourceFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Listings for the benchmark, synthesised from the bundled sample listings ({@code samples/*.txt}):
 * each day lists {@link #PER_DAY} of the sample papers in a new random order, under new arXiv ids and
 * with a title variant after their first appearance (the catalog deduplicates by title), and with
 * heavy-tailed upvotes. Deterministic for a seed.
 */
public final class SampleCatalog {
  /** Papers per synthetic listing day: a busy day of the Hugging Face daily papers. */
  public static final int PER_DAY = 50;

  private final List<ParsedPaper> pool;

  private SampleCatalog(List<ParsedPaper> pool) {
    if (pool.size() < PER_DAY) throw new IllegalStateException("only " + pool.size() + " sample papers");
    this.pool = List.copyOf(pool);
  }

  /** The distinct papers of every {@code *.txt} listing in {@code samplesDir}. */
  public static SampleCatalog load(Path samplesDir) {
    Map<String, ParsedPaper> byTitle = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(samplesDir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path f : files) {
      try {
        byte[] content = Files.readAllBytes(f);
        ParsedSource src = Parsers.forFormat(SourceFormat.LISTING)
            .parse(f.toString(), content, new ParseContext(LocalDate.of(2025, 12, 31), false));
        for (ParsedPaper p : src.papers()) byTitle.putIfAbsent(p.title().toLowerCase(Locale.ROOT), p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (SourceException e) {
        throw new IllegalStateException("sample " + f + " does not parse: " + e.getMessage(), e);
      }
    }
    return new SampleCatalog(new ArrayList<>(byTitle.values()));
  }

  public int poolSize() {
    return pool.size();
  }

  public List<ParsedPaper> pool() {
    return pool;
  }

  /**
   * The listing of synthetic day {@code dayIndex} (0-based), dated {@code date}.
   *
   * @param uses how often each pool paper has been listed so far; updated
   */
  public ParsedSource day(int dayIndex, LocalDate date, long seed, int[] uses) {
    SplittableRandom r = new SplittableRandom(seed * 1_000_003L + dayIndex);
    int[] order = new int[pool.size()];
    for (int i = 0; i < order.length; i++) order[i] = i;
    for (int i = order.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    List<ParsedPaper> papers = new ArrayList<>(PER_DAY);
    for (int rank = 1; rank <= PER_DAY; rank++) {
      int k = order[rank - 1];
      ParsedPaper p = pool.get(k);
      int n = uses[k]++;
      String title = n == 0 ? p.title() : p.title() + " (part " + (n + 1) + ")";
      String arxivId = arxivId(date, rank);
      int upvotes = (int) Math.min(900, Math.floor(Math.exp(r.nextDouble() * 6.0)) - 1 + (PER_DAY - rank));
      papers.add(new ParsedPaper(arxivId, title, p.abstractText(), p.authors(), date, rank, upvotes, p.githubRepo(),
          p.keywords(), "https://huggingface.co/papers/" + arxivId));
    }
    return new ParsedSource("bench:" + date, SourceFormat.LISTING, papers, List.of(), List.of());
  }

  /** A new-style arXiv id unique to a date and rank: YYMM.DDRRR. */
  public static String arxivId(LocalDate date, int rank) {
    return String.format(Locale.ROOT, "%02d%02d.%02d%03d", date.getYear() % 100, date.getMonthValue(),
        date.getDayOfMonth(), rank);
  }
}
