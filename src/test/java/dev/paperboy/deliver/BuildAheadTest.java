package dev.paperboy.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.testing.MutableClock;
import jakarta.mail.MessagingException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BuildAheadTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T07:30:00Z"));
  private final MessageBuilder builder = new MessageBuilder(Fixtures.mail(), MessageSigner.NONE);
  /** Each build: the row's id, the time it was built for, and the thread it ran on. */
  private final List<String> builds = Collections.synchronizedList(new ArrayList<>());

  private BuildAhead ahead() {
    return new BuildAhead("sender-0-build", clock, (row, now) -> {
      builds.add(row.id() + "@" + now + " on " + Thread.currentThread().getName());
      return builder.build(row, MessageBuilderTest.personalised(row), now);
    });
  }

  private static OutboxRow row(long id) {
    return Fixtures.row(id, "r" + id + "@example.org", "Reader " + id, "https://paperboy.example.org/u/" + id);
  }

  @Test
  void messagesAreBuiltOnTheHelperThreadInTheOrderTheyWereAskedFor() throws Exception {
    List<BuildAhead.Built> taken = new ArrayList<>();
    try (BuildAhead ahead = ahead()) {
      List<Future<BuildAhead.Built>> pending = new ArrayList<>();
      for (long id = 1; id <= 5; id++) pending.add(ahead.submit(row(id)));
      for (Future<BuildAhead.Built> f : pending) taken.add(ahead.take(f));
    }

    assertThat(builds).containsExactly(
        "1@2026-03-14T07:30:00Z on sender-0-build", "2@2026-03-14T07:30:00Z on sender-0-build",
        "3@2026-03-14T07:30:00Z on sender-0-build", "4@2026-03-14T07:30:00Z on sender-0-build",
        "5@2026-03-14T07:30:00Z on sender-0-build");
    assertThat(taken).extracting(b -> b.row().id()).containsExactly(1L, 2L, 3L, 4L, 5L);
    for (BuildAhead.Built b : taken) {
      assertThat(b.message().getHeader("To", null)).contains(b.row().email());
    }
  }

  @Test
  void aMessageTakenWithinASecondIsTheOneBuiltAhead() throws Exception {
    try (BuildAhead ahead = ahead()) {
      Future<BuildAhead.Built> f = ahead.submit(row(1));
      BuildAhead.Built early = f.get();
      clock.advance(Duration.ofMillis(900));

      assertThat(ahead.take(f).message()).isSameAs(early.message());
      assertThat(builds).hasSize(1);
    }
  }

  @Test
  void aMessageThatWaitedLongerIsBuiltAgainSoThatItsDateIsWhenItGoesOut() throws Exception {
    try (BuildAhead ahead = ahead()) {
      Future<BuildAhead.Built> f = ahead.submit(row(1));
      f.get();
      clock.advance(Duration.ofSeconds(5)); // the rate limiter held the sender back

      BuildAhead.Built b = ahead.take(f);

      assertThat(b.message().getSentDate().toInstant()).isEqualTo(clock.instant());
      assertThat(b.builtAt()).isEqualTo(clock.instant());
      assertThat(builds).hasSize(2);
      assertThat(builds.get(1)).isEqualTo("1@2026-03-14T07:30:05Z on " + Thread.currentThread().getName());
    }
  }

  @Test
  void aRowThatCannotBecomeAMessageComesBackWithWhyNotThrown() throws Exception {
    try (BuildAhead ahead = new BuildAhead("b", clock, (row, now) -> {
      throw new MessagingException("no such thing as " + row.email());
    })) {
      BuildAhead.Built b = ahead.take(ahead.submit(row(7)));

      assertThat(b.message()).isNull();
      assertThat(b.error()).hasMessage("no such thing as r7@example.org");
      assertThat(b.row().id()).isEqualTo(7);
    }
  }

  @Test
  void closingLetsTheSubmittedBuildsFinish() throws Exception {
    Future<BuildAhead.Built> last;
    try (BuildAhead ahead = ahead()) {
      for (long id = 1; id < 20; id++) ahead.submit(row(id));
      last = ahead.submit(row(20));
    }
    assertThat(last.isDone()).isTrue();
    assertThat(last.get().message()).isNotNull();
    assertThat(builds).hasSize(20);
  }
}
