package dev.paperboy.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PaperListTest {
  @Test
  void isAReadOnlySetOfTheIdsEachOnceInTheirFirstOrder() {
    PaperList list = PaperList.of(List.of("p2", "p1", "p2", "p3"));

    assertThat(list).containsExactly("p2", "p1", "p3").hasSize(3).isEqualTo(Set.of("p1", "p2", "p3"));
    assertThat(list.contains("p3")).isTrue();
    assertThat(list.contains("p4")).isFalse();
    assertThat(list.contains(null)).isFalse();
    assertThat(PaperList.of(List.of())).isSameAs(PaperList.EMPTY).isEmpty();
    assertThatThrownBy(() -> list.add("p4")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> list.iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void keepsTheOrdinalsOfTheRunThatAskedLast() {
    PaperList list = PaperList.of(List.of("p1", "p2"));
    Object monday = new Object();
    Object tuesday = new Object();
    AtomicInteger computed = new AtomicInteger();

    int[] first = list.ordinals(monday, l -> new int[] {computed.incrementAndGet(), l.size()});
    assertThat(list.ordinals(monday, l -> new int[] {computed.incrementAndGet()})).isSameAs(first).containsExactly(1, 2);
    assertThat(computed).hasValue(1);

    // another run's index numbers papers otherwise: its own ordinals, which then replace the first run's
    assertThat(list.ordinals(tuesday, l -> new int[] {computed.incrementAndGet()})).containsExactly(2);
    assertThat(list.ordinals(monday, l -> new int[] {computed.incrementAndGet()})).containsExactly(3);
  }
}
