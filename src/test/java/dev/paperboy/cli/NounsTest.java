package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NounsTest {
  @Test
  void oneOfAThingIsSingularAndEveryOtherCountPlural() {
    assertThat(Nouns.count(1, "paper")).isEqualTo("1 paper");
    assertThat(Nouns.count(0, "paper")).isEqualTo("0 papers");
    assertThat(Nouns.count(2, "failed message")).isEqualTo("2 failed messages");
    assertThat(Nouns.count(12_345, "digest")).isEqualTo("12,345 digests");
  }

  @Test
  void englishEndingsArePluralisedAsEnglishDoes() {
    assertThat(Nouns.count(3, "body")).isEqualTo("3 bodies");
    assertThat(Nouns.count(3, "day")).isEqualTo("3 days");
    assertThat(Nouns.count(3, "address")).isEqualTo("3 addresses");
    assertThat(Nouns.count(3, "batch")).isEqualTo("3 batches");
  }
}
