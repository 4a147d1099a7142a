package dev.paperboy.select;

import dev.paperboy.catalog.Paper;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the catalog paper a {@code like:} entry names: an arXiv id ({@code 2406.03736},
 * {@code arXiv:2406.03736v2}, {@code https://arxiv.org/abs/2406.03736}), a catalog paper id, or a
 * title (compared as {@link dev.paperboy.catalog.TitleKey} does: case, spacing, punctuation and
 * accents do not matter).
 */
@FunctionalInterface
public interface PaperLookup {
  /** For when there is no catalog to look in: {@code like:} entries are then not checked. */
  PaperLookup NONE = new PaperLookup() {
    @Override
    public Optional<Paper> find(String reference) {
      return Optional.empty();
    }

    @Override
    public boolean available() {
      return false;
    }
  };

  Optional<Paper> find(String reference);

  /** False when there is no catalog, so that unresolved references are not worth a warning. */
  default boolean available() {
    return true;
  }

  /** The bare arXiv id (no version) a reference names, if it names one. */
  static Optional<String> arxivId(String reference) {
    Matcher m = Refs.ARXIV.matcher(reference.strip());
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** Holds the pattern so that the interface has no static state of its own to initialise. */
  final class Refs {
    static final Pattern ARXIV = Pattern.compile(
        "(?i)(?:arxiv:|https?://(?:www\\.)?arxiv\\.org/(?:abs|pdf)/)?"
            + "(\\d{4}\\.\\d{4,5}|[a-z-]+(?:\\.[a-z]{2})?/\\d{7})(?:v\\d+)?(?:\\.pdf)?");

    private Refs() {}
  }
}
