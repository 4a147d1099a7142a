package dev.paperboy.source;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the raw bytes of a source into text, refusing anything that is not clean UTF-8 text.
 *
 * <p>Every parser and the format detector go through here first, so a binary file or a file in
 * another encoding fails with the byte offset of the first bad byte instead of producing mojibake
 * papers. A leading UTF-8 byte order mark is dropped. Control characters other than tab, carriage
 * return and line feed (C0, DEL and the C1 range) are refused: they never occur in a real listing or
 * feed and usually mean binary content or a mis-decoded file.
 */
public final class TextDecoder {
  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private TextDecoder() {}

  /**
   * @param source how to name the source in messages
   * @return the text without a byte order mark
   * @throws SourceException with location "byte N" (0-based offset into {@code content})
   */
  public static String decode(String source, byte[] content) throws SourceException {
    int start = hasUtf8Bom(content) ? UTF8_BOM.length : 0;
    checkUtf16(source, content);
    int malformed = firstMalformedByte(content, start);
    // report whichever problem comes first in the file
    checkControlCharacters(source, content, start, malformed < 0 ? content.length : malformed);
    if (malformed >= 0) {
      throw new SourceException(source, "byte " + malformed,
          String.format("not UTF-8 text (invalid byte 0x%02X)", content[malformed] & 0xFF));
    }
    return new String(content, start, content.length - start, StandardCharsets.UTF_8);
  }

  private static boolean hasUtf8Bom(byte[] content) {
    return content.length >= 3 && content[0] == UTF8_BOM[0] && content[1] == UTF8_BOM[1] && content[2] == UTF8_BOM[2];
  }

  /** UTF-16 would fail as invalid UTF-8 anyway; naming it saves the user a puzzle. */
  private static void checkUtf16(String source, byte[] content) throws SourceException {
    if (content.length >= 2
        && ((content[0] == (byte) 0xFF && content[1] == (byte) 0xFE) || (content[0] == (byte) 0xFE && content[1] == (byte) 0xFF))) {
      throw new SourceException(source, "byte 0", "not UTF-8 text (UTF-16 byte order mark); save it as UTF-8");
    }
  }

  /** The offset of the first byte that does not belong to well-formed UTF-8, or -1. */
  private static int firstMalformedByte(byte[] content, int start) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(content, start, content.length - start);
    CharBuffer out = CharBuffer.allocate(content.length - start);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) result = decoder.flush(out);
    return result.isError() ? in.position() : -1;
  }

  /** Works on the bytes, not the decoded text, so the offset reported is a byte offset. */
  private static void checkControlCharacters(String source, byte[] content, int start, int end) throws SourceException {
    for (int i = start; i < end; i++) {
      int b = content[i] & 0xFF;
      boolean c0 = b < 0x20 && b != '\t' && b != '\n' && b != '\r';
      // U+0080..U+009F are encoded as C2 80..C2 9F; C2 is never a continuation byte, so this is exact
      boolean c1 = b == 0xC2 && i + 1 < end && (content[i + 1] & 0xFF) >= 0x80 && (content[i + 1] & 0xFF) <= 0x9F;
      if (b == 0) {
        throw new SourceException(source, "byte " + i, "binary content (NUL byte)");
      } else if (c0 || b == 0x7F) {
        throw new SourceException(source, "byte " + i, String.format("binary content (control character 0x%02X)", b));
      } else if (c1) {
        throw new SourceException(source, "byte " + i,
            String.format("binary content (control character U+%04X)", content[i + 1] & 0xFF));
      }
    }
  }
}
