package dev.paperboy.source;

import static dev.paperboy.source.Samples.NOV_23_2026;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whatever the bytes, parsing ends in papers or a SourceException, never in another exception. */
class MangledInputTest {
  private static final int ROUNDS = 200;

  @ParameterizedTest
  @ValueSource(strings = {"daily-papers-listing-mar14.txt", "hf-daily-papers-2024-06-07.json", "arxiv-api-diffusion.atom.xml",
      "arxiv-rss-cs-lg.xml"})
  void mangledSamplesFailOnlyWithSourceException(String sample) {
    byte[] original = Samples.bytes(sample);
    Random random = new Random(sample.hashCode());
    int parsed = 0;
    for (int round = 0; round < ROUNDS; round++) {
      byte[] mangled = mangle(original, random);
      try {
        ParsedSource result = Parsers.forFormat(SourceFormat.AUTO).parse(sample, mangled, NOV_23_2026);
        assertThat(result.papers()).allSatisfy(p -> assertThat(p.title()).isNotBlank());
        parsed++;
      } catch (SourceException expected) {
        assertThat(expected.getMessage()).startsWith(sample);
      } catch (RuntimeException e) {
        throw new AssertionError("round " + round + " of " + sample + " threw " + e, e);
      }
    }
    assertThat(parsed).as("some mangled inputs still parse").isPositive();
  }

  /** Cuts the input short, drops a slice, or overwrites a few bytes with ASCII punctuation. */
  private static byte[] mangle(byte[] original, Random random) {
    int at = random.nextInt(original.length);
    switch (random.nextInt(3)) {
      case 0:
        return Arrays.copyOf(original, at);
      case 1: {
        int length = Math.min(random.nextInt(400), original.length - at);
        byte[] out = new byte[original.length - length];
        System.arraycopy(original, 0, out, 0, at);
        System.arraycopy(original, at + length, out, at, original.length - at - length);
        return out;
      }
      default: {
        byte[] out = original.clone();
        for (int i = 0; i < 3; i++) out[random.nextInt(out.length)] = (byte) "<>&\"'[]{}:,\n.#;".charAt(random.nextInt(15));
        return out;
      }
    }
  }
}
