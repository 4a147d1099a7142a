package dev.paperboy.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SentPapersTest {
  @Test
  void isTheUnionOfItsListsWithoutCopyingThem() {
    PaperList monday = PaperList.of(List.of("p1", "p2"));
    PaperList tuesday = PaperList.of(List.of("p2", "p3"));
    SentPapers sent = SentPapers.of(List.of(monday, PaperList.EMPTY, tuesday));

    assertThat(sent.lists()).containsExactly(monday, tuesday);
    assertThat(sent.lists().get(0)).isSameAs(monday);
    assertThat(sent).containsExactlyInAnyOrder("p1", "p2", "p3").hasSize(3);
    assertThat(sent.contains("p3")).isTrue();
    assertThat(sent.contains("p4")).isFalse();
    assertThat(sent).isEqualTo(Set.of("p1", "p2", "p3"));
    assertThatThrownBy(() -> sent.add("p4")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> sent.iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aPlainSetIsOneListAndNothingIsNone() {
    SentPapers one = SentPapers.of(Set.of("p1"));
    assertThat(one.lists()).singleElement().isEqualTo(Set.of("p1"));
    assertThat(SentPapers.of(one)).isSameAs(one);
    assertThat(SentPapers.of(Set.<String>of())).isSameAs(SentPapers.NONE);
    assertThat(SentPapers.of(List.of(PaperList.of(List.of())))).isSameAs(SentPapers.NONE).isEmpty();
    assertThat(new DeliveryHistory.History(null, Set.of("p1")).excludedPaperIds()).isInstanceOf(SentPapers.class)
        .containsExactly("p1");
  }
}
