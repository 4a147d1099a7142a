package dev.paperboy.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class BodyPaperCacheTest {
  @Test
  void knowsWhatItWasToldIncludingABodyWithoutPapers() {
    BodyPaperCache cache = new BodyPaperCache(10);
    Set<String> kept = cache.put(1, List.of("p1", "p2"));
    assertThat(cache.put(2, null)).isNull();

    assertThat(cache.get(1)).isSameAs(kept).containsExactlyInAnyOrder("p1", "p2");
    assertThat(cache.has(2)).isTrue();
    assertThat(cache.get(2)).isNull();
    assertThat(cache.has(3)).isFalse();
    assertThat(cache.get(3)).isNull();
    cache.put(1, List.of("p9")); // told again: replaced, not added
    assertThat(cache.get(1)).containsExactly("p9");
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void listsShareTheirIdsAndTheOldestBodiesGoWhenFull() {
    BodyPaperCache cache = new BodyPaperCache(8);
    String p1 = cache.put(1, List.of(new String("p1"))).iterator().next();
    String again = cache.put(2, List.of(new String("p1"))).iterator().next();
    assertThat(again).isSameAs(p1);
    for (long id = 8; id >= 3; id--) cache.put(id, List.of("p" + id)); // not in id order

    cache.put(9, List.of("p9"));

    assertThat(LongStream.rangeClosed(1, 9).filter(cache::has).toArray()).containsExactly(3, 4, 5, 6, 7, 8, 9);
    assertThat(cache.get(9)).containsExactly("p9");
  }

  @Test
  void growsPastItsFirstTableAndFindsEveryBodyAgain() {
    BodyPaperCache cache = new BodyPaperCache(100_000);
    for (long id = 1; id <= 5_000; id++) cache.put(id * 7919, id % 3 == 0 ? null : List.of("p" + id));

    assertThat(cache.size()).isEqualTo(5_000);
    for (long id = 1; id <= 5_000; id++) {
      assertThat(cache.has(id * 7919)).isTrue();
      assertThat(cache.get(id * 7919)).isEqualTo(id % 3 == 0 ? null : Set.of("p" + id));
    }
    assertThat(cache.has(7918)).isFalse();
  }
}
