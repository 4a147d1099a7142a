package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeywordsTest {
  @Test
  void aKeywordOfOnlyStopWordsOrPunctuationIsRefusedThoughTheAuthorsFieldKeepsEveryWord() {
    assertThat(Keywords.problem("the")).isEqualTo("'the' has no words to search for (too common, or only punctuation)");
    assertThat(Keywords.problem("a")).isNotNull();
    assertThat(Keywords.problem("of the")).isNotNull();
    assertThat(Keywords.problem("?!")).isNotNull();

    assertThat(Keywords.problem("the diffusion")).isNull();
    assertThat(Keywords.problem("Le")).as("a surname, not a stop word").isNull();
    assertThat(Keywords.problem("state-space models")).isNull();
  }
}
