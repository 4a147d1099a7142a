package dev.paperboy.render;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A rendered body with holes for the per-recipient {@link Field}s: literal text, field, literal
 * text, ... Filling it is one pass of string appends, so a shared render is personalised for each
 * recipient in microseconds instead of being rendered again.
 *
 * <p>The encoded form is the render itself, markers included: store it once per shape and rebuild
 * with {@link #parse}.
 */
public final class SplicedText {
  /**
   * The literal text in one form at a time: as parsed, or in UTF-8 once {@link #fillUtf8} has been
   * used, when the strings are let go (a render cache held each render three times over: UTF-16
   * strings and their UTF-8 bytes; under a 512 MB heap that cost compose a fifth of its speed in GC).
   * Either array has one more piece than {@link #fields}: the text before, between and after them.
   */
  private volatile String[] literals;
  private volatile byte[][] literalBytes;
  private final Field[] fields;
  private final int literalLength;

  private SplicedText(String[] literals, Field[] fields) {
    this.literals = literals;
    this.fields = fields;
    int n = 0;
    for (String s : literals) n += s.length();
    this.literalLength = n;
  }

  /**
   * Splits text carrying field markers into its segments.
   *
   * @throws IllegalArgumentException for a marker that is unterminated or names no field
   */
  public static SplicedText parse(String encoded) {
    List<String> lits = new ArrayList<>();
    List<Field> fs = new ArrayList<>();
    int from = 0;
    while (true) {
      int open = encoded.indexOf(Field.OPEN, from);
      int strayClose = encoded.indexOf(Field.CLOSE, from);
      if (strayClose >= 0 && (open < 0 || strayClose < open)) {
        throw new IllegalArgumentException("placeholder end marker without a start at offset " + strayClose);
      }
      if (open < 0) break;
      int close = encoded.indexOf(Field.CLOSE, open + 1);
      if (close < 0) throw new IllegalArgumentException("unterminated placeholder at offset " + open);
      lits.add(encoded.substring(from, open));
      fs.add(Field.byKey(encoded.substring(open + 1, close)));
      from = close + 1;
    }
    lits.add(encoded.substring(from));
    return new SplicedText(lits.toArray(String[]::new), fs.toArray(Field[]::new));
  }

  /** The render with its markers: what the outbox stores once per shape. */
  public String encoded() {
    String[] literals = strings();
    StringBuilder b = new StringBuilder(literalLength + fields.length * 20);
    for (int i = 0; i < fields.length; i++) b.append(literals[i]).append(fields[i].marker());
    return b.append(literals[fields.length]).toString();
  }

  /** The body for one recipient, values HTML-escaped (attribute-safe) when {@code html}. */
  public String fill(Recipient recipient, boolean html) {
    Objects.requireNonNull(recipient, "recipient");
    String[] literals = strings();
    StringBuilder b = new StringBuilder(literalLength + fields.length * 96);
    for (int i = 0; i < fields.length; i++) {
      b.append(literals[i]);
      String value = fields[i].valueFor(recipient);
      if (html) appendEscaped(b, value);
      else b.append(value);
    }
    return b.append(literals[fields.length]).toString();
  }

  /**
   * {@code fill(recipient, html).getBytes(UTF_8)} without the intermediate string: the literal text is
   * encoded once per instance and copied, only the recipient's values are encoded each time. (Pieces
   * end at field markers, so no character is split between them.) From the first call on, the literal
   * text is kept only in UTF-8.
   */
  public byte[] fillUtf8(Recipient recipient, boolean html) {
    Objects.requireNonNull(recipient, "recipient");
    byte[][] lits = literalBytes;
    if (lits == null) {
      String[] strings = strings();
      lits = new byte[strings.length][];
      for (int i = 0; i < strings.length; i++) lits[i] = strings[i].getBytes(StandardCharsets.UTF_8);
      literalBytes = lits; // before the strings go: a reader that finds no strings finds the bytes
      literals = null;
    }
    byte[][] values = new byte[fields.length][];
    for (int i = 0; i < fields.length; i++) {
      values[i] = value(fields[i], recipient, html).getBytes(StandardCharsets.UTF_8);
    }
    return splice(lits, values);
  }

  /**
   * The pieces with the values between them, in one array: {@code pieces[0] values[0] pieces[1] ...};
   * one more piece than values.
   */
  public static byte[] splice(byte[][] pieces, byte[][] values) {
    int n = 0;
    for (byte[] p : pieces) n += p.length;
    for (byte[] v : values) n += v.length;
    byte[] out = new byte[n];
    int at = 0;
    for (int i = 0; i < values.length; i++) {
      System.arraycopy(pieces[i], 0, out, at, pieces[i].length);
      at += pieces[i].length;
      System.arraycopy(values[i], 0, out, at, values[i].length);
      at += values[i].length;
    }
    System.arraycopy(pieces[values.length], 0, out, at, pieces[values.length].length);
    return out;
  }

  /** What {@link #fill} puts in the field's place for the recipient. */
  public static String value(Field field, Recipient recipient, boolean html) {
    String value = field.valueFor(recipient);
    if (!html) return value;
    StringBuilder b = new StringBuilder(value.length() + 16);
    appendEscaped(b, value);
    return b.toString();
  }

  /** The length of the literal text, in chars. */
  public int literalLength() {
    return literalLength;
  }

  /** The fields in the order they appear (a field may appear more than once). */
  public List<Field> fields() {
    return List.of(fields);
  }

  /** The literal text around the fields: always {@code fields().size() + 1} pieces. */
  public List<String> literals() {
    return Arrays.asList(strings().clone());
  }

  /** The literal strings, decoded again when only the bytes are kept (storing a body, tests: rare). */
  private String[] strings() {
    String[] s = literals;
    if (s != null) return s;
    byte[][] bytes = literalBytes;
    s = new String[bytes.length];
    for (int i = 0; i < bytes.length; i++) s[i] = new String(bytes[i], StandardCharsets.UTF_8);
    return s;
  }

  private static void appendEscaped(StringBuilder b, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SplicedText t && Arrays.equals(strings(), t.strings()) && Arrays.equals(fields, t.fields);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(strings()) + Arrays.hashCode(fields);
  }

  @Override
  public String toString() {
    return "SplicedText[" + literalLength + " chars, fields " + Arrays.toString(fields) + "]";
  }
}
