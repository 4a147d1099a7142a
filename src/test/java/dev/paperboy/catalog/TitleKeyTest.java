package dev.paperboy.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TitleKeyTest {

  @Test
  void caseWhiteSpacePunctuationAndUnicodeFormDoNotMatter() {
    String composed = "Schr\u00f6dinger Bridges: Theory \u2014 and Practice";
    String decomposed = "schro\u0308dinger   bridges theory and practice!";
    String fullWidth = "\uff33\uff43\uff48\uff52\uff4f\u0308dinger Bridges, Theory and Practice";

    assertThat(TitleKey.normalise(composed)).isEqualTo("schrodinger bridges theory and practice");
    assertThat(TitleKey.of(decomposed)).isEqualTo(TitleKey.of(composed));
    assertThat(TitleKey.of(fullWidth)).isEqualTo(TitleKey.of(composed));
  }

  @Test
  void differentWordsAreDifferentPapers() {
    assertThat(TitleKey.of("Persistent homology of the cosmic web. I"))
        .isNotEqualTo(TitleKey.of("Persistent homology of the cosmic web. II"));
    assertThat(TitleKey.of("ΛCDM cosmologies")).isNotEqualTo(TitleKey.of("CDM cosmologies"));
  }

  @Test
  void idsFromTitlesAreShortAndStable() {
    assertThat(TitleKey.paperId("A title")).matches("t-[0-9a-f]{16}").isEqualTo(TitleKey.paperId("a TITLE."));
  }
}
