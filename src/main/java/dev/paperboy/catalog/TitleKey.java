package dev.paperboy.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The dedup key of a title: two titles that differ only in case, white space, punctuation or Unicode
 * form (composed or decomposed accents, full-width letters, ligatures) are the same paper.
 */
public final class TitleKey {
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  private TitleKey() {}

  /** The normalised title: "Schrödinger's  Cat!" and "schrodinger s cat" both become "schrodinger s cat". */
  public static String normalise(String title) {
    String s = Normalizer.normalize(title, Normalizer.Form.NFKD);
    s = MARKS.matcher(s).replaceAll("");
    s = s.toLowerCase(Locale.ROOT);
    return NOT_WORD.matcher(s).replaceAll(" ").strip();
  }

  /** SHA-256 of the normalised title, in hex: fixed length, so any title can be indexed. */
  public static String of(String title) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(normalise(title).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The id of a paper first seen without an arXiv id. */
  public static String paperId(String title) {
    return "t-" + of(title).substring(0, 16);
  }
}
