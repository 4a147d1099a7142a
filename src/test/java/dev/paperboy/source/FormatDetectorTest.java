package dev.paperboy.source;

import static dev.paperboy.source.Samples.NOV_23_2026;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class FormatDetectorTest {

  @ParameterizedTest
  @CsvSource({"daily-papers-listing-mar12.txt, LISTING", "daily-papers-listing-mar13.txt, LISTING",
      "daily-papers-listing-mar14.txt, LISTING", "hf-daily-papers-2024-06-07.json, HF_JSON", "arxiv-api-diffusion.atom.xml, ARXIV",
      "arxiv-rss-cs-lg.xml, ARXIV"})
  void recognisesEverySample(String sample, SourceFormat expected) throws Exception {
    assertThat(FormatDetector.detect(Samples.bytes(sample))).isEqualTo(expected);
    // with a byte order mark, leading blank lines and Windows line endings too
    String decorated = "\uFEFF \r\n\r\n" + Samples.text(sample).replace("\n", "\r\n");
    assertThat(FormatDetector.detect(sample, Samples.utf8(decorated))).isEqualTo(expected);
  }

  static Stream<Arguments> shortContents() {
    return Stream.of(
        Arguments.of("[]", SourceFormat.HF_JSON),
        Arguments.of("  [\n  {\"paper\": {}}]", SourceFormat.HF_JSON),
        Arguments.of("{\"error\": \"rate limited\"}", SourceFormat.HF_JSON),
        Arguments.of("[1, 2]", SourceFormat.HF_JSON),
        Arguments.of("[Re] Reproducing a Classic Paper", SourceFormat.LISTING),
        Arguments.of("Mar 14", SourceFormat.LISTING),
        Arguments.of("", SourceFormat.LISTING),
        Arguments.of("<?xml version=\"1.0\"?><!-- arXiv --><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>",
            SourceFormat.ARXIV),
        Arguments.of("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY a \"b\">]>\n<rss version=\"2.0\"/>", SourceFormat.ARXIV),
        Arguments.of("<atom:feed xmlns:atom=\"http://www.w3.org/2005/Atom\"/>", SourceFormat.ARXIV));
  }

  @ParameterizedTest
  @MethodSource("shortContents")
  void decidesByTheFirstSignificantCharacter(String content, SourceFormat expected) throws Exception {
    assertThat(FormatDetector.detect(Samples.utf8(content))).isEqualTo(expected);
  }

  @Test
  void htmlIsNotAFeed() {
    SourceException e = catchThrowableOfType(SourceException.class,
        () -> FormatDetector.detect("page.html", Samples.utf8("<!DOCTYPE html>\n<!-- saved page -->\n<html lang=\"en\"><body></body></html>")));

    assertThat(e.source()).isEqualTo("page.html");
    assertThat(e.location()).isEqualTo("3");
    assertThat(e.reason()).isEqualTo("HTML/XML that is not an arXiv feed (root element <html>)");
  }

  @Test
  void otherXmlIsNotAFeed() {
    SourceException e = catchThrowableOfType(SourceException.class,
        () -> FormatDetector.detect(Samples.utf8("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>")));

    assertThat(e.reason()).startsWith("HTML/XML that is not an arXiv feed");
  }

  @Test
  void junkIsRefusedBeforeAnyGuess() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};

    SourceException e = catchThrowableOfType(SourceException.class, () -> FormatDetector.detect("logo.png", png));

    assertThat(e.location()).isEqualTo("byte 0");
    assertThat(e.reason()).isEqualTo("not UTF-8 text (invalid byte 0x89)");
  }

  @ParameterizedTest
  @CsvSource({"daily-papers-listing-mar13.txt, LISTING", "hf-daily-papers-2024-06-07.json, HF_JSON", "arxiv-rss-cs-lg.xml, ARXIV"})
  void theAutoParserDetectsAndParsesLikeTheRightParser(String sample, SourceFormat format) throws Exception {
    ParsedSource auto = Parsers.forFormat(SourceFormat.AUTO).parse(sample, Samples.bytes(sample), NOV_23_2026);

    assertThat(auto.format()).isEqualTo(format);
    assertThat(auto).isEqualTo(Parsers.forFormat(format).parse(sample, Samples.bytes(sample), NOV_23_2026));
  }

  @ParameterizedTest
  @EnumSource(SourceFormat.class)
  void everyFormatHasAParser(SourceFormat format) {
    assertThat(Parsers.forFormat(format)).isNotNull();
  }
}
