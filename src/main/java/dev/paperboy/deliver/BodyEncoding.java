package dev.paperboy.deliver;

import java.util.Arrays;
import java.util.Base64;

/**
 * Content-Transfer-Encodings of a body part, written in one pass straight into a byte array: the
 * same bytes Angus Mail's {@code QPEncoderStream} and {@code BASE64EncoderStream} produce when a part
 * made with {@code setText} is written out, so a message reads and DKIM-verifies exactly as before.
 * Angus encodes a text part every time the message is written, a byte at a time through three filter
 * streams (three quarters of a sender's CPU); a part holding these bytes is copied as it is.
 */
final class BodyEncoding {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  /** Encoded characters per line before the soft line break's '=' (RFC 2045: at most 76 with it). */
  private static final int QP_LINE = 75;
  private static final int B64_LINE = 76;

  /** Bytes quoted-printable writes as they are: printable ASCII but '=' (space is handled apart). */
  private static final boolean[] PLAIN = new boolean[256];

  static {
    for (int c = 0x21; c < 0x7f; c++) PLAIN[c] = c != '=';
  }

  private BodyEncoding() {}

  /**
   * Quoted-printable (RFC 2045) as Angus writes it: CR, LF and CRLF each become CRLF; space is kept
   * unless a line break or the end follows it (then {@code =20}); bytes below 0x20 (tab included),
   * 0x7f and above, and '=' as {@code =XX}; soft line breaks ({@code =CRLF}) keep lines within 76 characters.
   */
  static byte[] quotedPrintable(byte[] in) {
    return quotedPrintable(in, false);
  }

  /**
   * @param endAtLineStart whether to end with a soft line break unless the text ends with a line
   *                       break: so that what follows is encoded from the start of a line, on its own
   */
  static byte[] quotedPrintable(byte[] in, boolean endAtLineStart) {
    byte[] out = new byte[in.length * 3 + (in.length * 3 / 70 + 2) * 3 + 16];
    int o = 0;
    int count = 0; // characters on the current output line
    boolean gotSpace = false;
    boolean gotCR = false;
    for (byte b : in) {
      int c = b & 0xff;
      if (PLAIN[c] && !gotSpace && count < QP_LINE) { // most bytes: as they are, the line not full yet
        out[o++] = b;
        count++;
        gotCR = false;
        continue;
      }
      if (gotSpace) {
        boolean encode = c == '\r' || c == '\n';
        if ((count += encode ? 3 : 1) > QP_LINE) {
          out[o++] = '=';
          out[o++] = '\r';
          out[o++] = '\n';
          count = encode ? 3 : 1;
        }
        if (encode) {
          out[o++] = '=';
          out[o++] = '2';
          out[o++] = '0';
        } else {
          out[o++] = ' ';
        }
        gotSpace = false;
      }
      if (c == '\r') {
        gotCR = true;
        out[o++] = '\r';
        out[o++] = '\n';
        count = 0;
        continue;
      }
      if (c == '\n') {
        if (!gotCR) {
          out[o++] = '\r';
          out[o++] = '\n';
          count = 0;
        }
      } else if (c == ' ') {
        gotSpace = true;
      } else if (c < 0x20 || c >= 0x7f || c == '=') {
        if ((count += 3) > QP_LINE) {
          out[o++] = '=';
          out[o++] = '\r';
          out[o++] = '\n';
          count = 3;
        }
        out[o++] = '=';
        out[o++] = HEX[c >> 4];
        out[o++] = HEX[c & 0xf];
      } else {
        if (++count > QP_LINE) {
          out[o++] = '=';
          out[o++] = '\r';
          out[o++] = '\n';
          count = 1;
        }
        out[o++] = (byte) c;
      }
      gotCR = false;
    }
    if (gotSpace) { // a trailing space, encoded as Angus's flush() does
      if ((count += 3) > QP_LINE) {
        out[o++] = '=';
        out[o++] = '\r';
        out[o++] = '\n';
        count = 3;
      }
      out[o++] = '=';
      out[o++] = '2';
      out[o++] = '0';
    }
    if (endAtLineStart && count > 0) {
      out[o++] = '=';
      out[o++] = '\r';
      out[o++] = '\n';
    }
    return Arrays.copyOf(out, o);
  }

  /**
   * Base64 in lines of 76 characters, each complete line followed by CRLF (the last one too, when it
   * is complete), a last partial line without: what Angus writes before the multipart's boundary.
   */
  static byte[] base64(byte[] in) {
    byte[] lines = Base64.getMimeEncoder(B64_LINE, new byte[] {'\r', '\n'}).encode(in);
    int encoded = (in.length + 2) / 3 * 4;
    if (encoded == 0 || encoded % B64_LINE != 0) return lines;
    byte[] out = Arrays.copyOf(lines, lines.length + 2);
    out[lines.length] = '\r';
    out[lines.length + 1] = '\n';
    return out;
  }
}
