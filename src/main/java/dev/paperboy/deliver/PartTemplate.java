package dev.paperboy.deliver;

import dev.paperboy.render.Field;
import dev.paperboy.render.Recipient;
import dev.paperboy.render.SplicedText;
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

  /** The transfer encoding every recipient's part gets. */
  String transferEncoding() {
    return pieces == null ? EncodedPart.BASE64 : EncodedPart.QUOTED_PRINTABLE;
  }
}
