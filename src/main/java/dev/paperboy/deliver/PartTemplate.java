package dev.paperboy.deliver;

import dev.paperboy.render.Field;
import dev.paperboy.render.Recipient;
import dev.paperboy.render.SplicedText;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One part of a stored body (HTML or text) encoded for the wire once for all its recipients: a
 * recipient's part is the shared encoded text with only their own values encoded in between
 * (quoted-printable of each message's whole body was half of a sender's build thread).
 *
 * <p>Each piece, the text before, between and after the values, is quoted-printable on its own from
 * the start of a line, and a piece that does not end with a line break ends with a soft line break
 * ({@code =CRLF}), which decoders remove: the decoded part is exactly the recipient's text. The
 * transfer encoding is chosen by the shared text ({@link EncodedPart#transferEncoding}), the same for
 * every recipient of a body; a base64 body, which cannot be cut anywhere, is filled and encoded whole.
 */
final class PartTemplate {
  private final boolean html;
  private final Field[] fields;
  /** The text around the values, encoded: one more piece than {@link #fields}; null for base64. */
  private final byte[][] pieces;
  /** A base64 body's text (kept as UTF-8 once filled); null for quoted-printable. */
  private final SplicedText base64;

  private PartTemplate(boolean html, Field[] fields, byte[][] pieces, SplicedText base64) {
    this.html = html;
    this.fields = fields;
    this.pieces = pieces;
    this.base64 = base64;
  }

  /**
   * @param stored the part as the outbox stores it, with its field markers
   * @param html   whether values are HTML-escaped
   * @throws IllegalArgumentException for a malformed marker
   */
  static PartTemplate of(String stored, boolean html) {
    // Line breaks made LF before the split: values never hold one, so a filled part has none to fix.
    // (Filled first, a CR and an LF with an empty value between would have made one break, not two.)
    SplicedText spliced = SplicedText.parse(EncodedPart.lines(stored));
    Field[] fields = spliced.fields().toArray(Field[]::new);
    List<String> literals = spliced.literals();
    long excess = 0;
    for (String l : literals) excess += EncodedPart.nonAsciiExcess(l);
    if (excess > 0) return new PartTemplate(html, fields, null, spliced);
    byte[][] pieces = new byte[literals.size()][];
    for (int i = 0; i < pieces.length; i++) {
      pieces[i] = BodyEncoding.quotedPrintable(literals.get(i).getBytes(StandardCharsets.UTF_8), i < fields.length);
    }
    return new PartTemplate(html, fields, pieces, null);
  }

  /** The part for one recipient. */
  EncodedPart fill(Recipient recipient) {
    if (pieces == null) return EncodedPart.base64(base64.fillUtf8(recipient, html));
    byte[][] values = new byte[fields.length][];
    for (int i = 0; i < fields.length; i++) {
      byte[] utf8 = SplicedText.value(fields[i], recipient, html).getBytes(StandardCharsets.UTF_8);
      values[i] = BodyEncoding.quotedPrintable(utf8, true);
    }
    return new EncodedPart(EncodedPart.QUOTED_PRINTABLE, SplicedText.splice(pieces, values));
  }

  /** First byte of {@link #toBytes}: the pieces of a quoted-printable part, or a base64 part's text. */
  private static final byte PIECES = 'Q';
  private static final byte WHOLE = 'B';

  /**
   * This template as bytes, for {@link #fromBytes}: the outbox stores it beside the body, so that a
   * sender neither reads the body's text back nor encodes it again.
   */
  byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(pieces == null ? 1024 : totalLength() + 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      if (pieces == null) {
        out.writeByte(WHOLE);
        write(out, base64.encoded().getBytes(StandardCharsets.UTF_8));
      } else {
        out.writeByte(PIECES);
        out.writeInt(fields.length);
        for (Field f : fields) out.writeUTF(f.key());
        for (byte[] piece : pieces) write(out, piece);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * @param html whether values are HTML-escaped
   * @throws IllegalArgumentException when {@code bytes} were not made by {@link #toBytes}
   */
  static PartTemplate fromBytes(byte[] bytes, boolean html) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte form = in.readByte();
      if (form == WHOLE) return of(new String(read(in), StandardCharsets.UTF_8), html);
      if (form != PIECES) throw new IllegalArgumentException("not an encoded part (starts with " + form + ")");
      int n = in.readInt();
      if (n < 0 || n > in.available()) throw new IllegalArgumentException("an encoded part with " + n + " fields");
      Field[] fields = new Field[n];
      for (int i = 0; i < fields.length; i++) fields[i] = Field.byKey(in.readUTF());
      byte[][] pieces = new byte[fields.length + 1][];
      for (int i = 0; i < pieces.length; i++) pieces[i] = read(in);
      return new PartTemplate(html, fields, pieces, null);
    } catch (IOException e) {
      throw new IllegalArgumentException("a truncated encoded part: " + e, e);
    }
  }

  private int totalLength() {
    int n = 0;
    for (byte[] piece : pieces) n += piece.length;
    return n;
  }

  private static void write(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] read(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) throw new IOException("a length of " + n + " with " + in.available() + " bytes left");
    return in.readNBytes(n);
  }

  /** The transfer encoding every recipient's part gets. */
  String transferEncoding() {
    return pieces == null ? EncodedPart.BASE64 : EncodedPart.QUOTED_PRINTABLE;
  }
}
