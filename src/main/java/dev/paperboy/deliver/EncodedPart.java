package dev.paperboy.deliver;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The content of one text part as it goes on the wire: its Content-Transfer-Encoding and the encoded
 * bytes, CRLF line breaks included. Made once per message, copied as it is at every write.
 *
 * @param transferEncoding "quoted-printable" or "base64"
 */
public record EncodedPart(String transferEncoding, byte[] bytes) {
  static final String QUOTED_PRINTABLE = "quoted-printable";
  static final String BASE64 = "base64";

  public EncodedPart {
    Objects.requireNonNull(transferEncoding, "transferEncoding");
    Objects.requireNonNull(bytes, "bytes");
  }

  /** The text with its line breaks as CRLF, in the encoding it suits ({@link #transferEncoding}). */
  public static EncodedPart of(String text) {
    String lines = lines(text);
    byte[] utf8 = lines.getBytes(StandardCharsets.UTF_8);
    return transferEncoding(lines).equals(BASE64) ? base64(utf8) : quotedPrintable(utf8);
  }

  static EncodedPart quotedPrintable(byte[] utf8) {
    return new EncodedPart(QUOTED_PRINTABLE, BodyEncoding.quotedPrintable(utf8));
  }

  static EncodedPart base64(byte[] utf8) {
    return new EncodedPart(BASE64, BodyEncoding.base64(utf8));
  }

  /**
   * Quoted-printable, or base64 when most of the UTF-8 bytes are not ASCII (the choice Angus would
   * make, without encoding the part to find out). Never 7bit, even for short ASCII lines: encoded
   * lines are at most 76 characters, and relays have no reason to rewrap, re-encode or trim them,
   * which would break the DKIM body hash.
   */
  static String transferEncoding(String text) {
    return nonAsciiExcess(text) > 0 ? BASE64 : QUOTED_PRINTABLE;
  }

  /**
   * UTF-8 bytes that are not ASCII minus those that are: above zero, base64 is the shorter encoding.
   * Summed over pieces, it gives the whole text's figure.
   */
  static long nonAsciiExcess(CharSequence text) {
    long excess = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) excess--;
      else excess += c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return excess;
  }

  /** Line breaks as LF only (written as CRLF by the encoders): a bare CR never reaches the wire. */
  static String lines(String text) {
    return text.replace("\r\n", "\n").replace('\r', '\n');
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncodedPart p && transferEncoding.equals(p.transferEncoding) && Arrays.equals(bytes, p.bytes);
  }

  @Override
  public int hashCode() {
    return 31 * transferEncoding.hashCode() + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "EncodedPart[" + transferEncoding + ", " + bytes.length + " bytes]";
  }
}
