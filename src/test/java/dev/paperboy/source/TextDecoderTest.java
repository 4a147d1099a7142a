package dev.paperboy.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TextDecoderTest {

  private static SourceException failure(byte[] content) {
    return catchThrowableOfType(SourceException.class, () -> TextDecoder.decode("blob", content));
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
    return b;
  }

  @Test
  void decodesUtf8AndDropsTheByteOrderMark() throws Exception {
    assertThat(TextDecoder.decode("s", bytes(0xEF, 0xBB, 0xBF, 'Λ' >> 6 | 0xC0, 'Λ' & 0x3F | 0x80, 'C', '\t', '\r', '\n'))).isEqualTo("ΛC\t\r\n");
  }

  @Test
  void randomBytesFailAtTheFirstBadByte() throws Exception {
    byte[] blob = new byte[4096];
    new Random(42).nextBytes(blob);

    SourceException e = failure(blob);

    assertThat(e.location()).matches("byte \\d+");
    int offset = Integer.parseInt(e.location().substring(5));
    // everything before the reported byte is clean text, so it really is the first bad one
    byte[] before = new byte[offset];
    System.arraycopy(blob, 0, before, 0, offset);
    TextDecoder.decode("prefix", before);
    assertThat(e.reason()).matches("not UTF-8 text \\(invalid byte 0x[0-9A-F]{2}\\)|binary content \\(.*\\)");
  }

  @Test
  void controlCharactersOtherThanTabAndLineBreaksAreBinary() {
    assertThat(failure(bytes('a', 'b', 0x0C, 'c')).location()).isEqualTo("byte 2");
    assertThat(failure(bytes('a', 'b', 0x0C, 'c')).reason()).isEqualTo("binary content (control character 0x0C)");
    assertThat(failure(bytes('a', 0x7F)).location()).isEqualTo("byte 1");
    assertThat(failure(bytes('a', 0xC2, 0x85)).reason()).isEqualTo("binary content (control character U+0085)");
  }

  @Test
  void offsetsCountTheByteOrderMark() {
    SourceException e = failure(bytes(0xEF, 0xBB, 0xBF, 'a', 0x00));

    assertThat(e.location()).isEqualTo("byte 4");
    assertThat(e.reason()).isEqualTo("binary content (NUL byte)");
  }

  @Test
  void theEarlierOfTwoProblemsIsReported() {
    assertThat(failure(bytes('a', 0x01, 0xFF)).location()).isEqualTo("byte 1");
    assertThat(failure(bytes('a', 0xFF, 0x01)).location()).isEqualTo("byte 1");
    assertThat(failure(bytes('a', 0xFF, 0x01)).reason()).isEqualTo("not UTF-8 text (invalid byte 0xFF)");
  }

  @Test
  void invalidSequencesAreNamedByTheirFirstByte() {
    assertThat(failure(bytes('c', 'a', 'f', 0xC3, '(')).reason()).isEqualTo("not UTF-8 text (invalid byte 0xC3)");
    assertThat(failure(bytes('c', 'a', 'f', 0xC3, '(')).location()).isEqualTo("byte 3");
    assertThat(failure(bytes('a', 0xE2, 0x82)).location()).isEqualTo("byte 1"); // cut short at the end
    assertThat(failure(bytes(0xC0, 0xAF)).location()).isEqualTo("byte 0"); // overlong "/"
  }

  @Test
  void utf16IsNamed() {
    assertThat(failure(bytes(0xFF, 0xFE, 'a', 0)).reason()).contains("UTF-16");
  }
}
