package dev.paperboy.deliver;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A sender's helper thread, which builds the sender's next messages while the current one goes out.
 * An SMTP conversation is mostly waiting for the server's replies; building a message (body,
 * personalisation, headers, encoding, DKIM) took about as much CPU as the sender's side of sending
 * it, and done in line the connection sat idle meanwhile (into a Postfix on loopback: about a tenth
 * more messages a second with it; docs/performance.md). Nothing here reaches the server or the
 * outbox's state: a message built and never sent is simply dropped.
 */
final class BuildAhead implements AutoCloseable {
  /** A message built at {@code builtAt}, or why it could not be. */
  record Built(OutboxRow row, MimeMessage message, Instant builtAt, Exception error) {}

  @FunctionalInterface
  interface Builder {
    MimeMessage build(OutboxRow row, Instant now) throws MessagingException;
  }

  /** A message built longer ago than this is built again, so that Date stays the time it was sent. */
  static final Duration FRESH = Duration.ofSeconds(1);

  private final ExecutorService thread;
  private final Builder builder;
  private final Clock clock;

  BuildAhead(String threadName, Clock clock, Builder builder) {
    this.thread = HelperThreads.single(threadName);
    this.builder = builder;
    this.clock = clock;
  }

  /** Runs a task on the helper thread before the builds submitted after it. */
  void runFirst(Runnable task) {
    thread.execute(task);
  }

  /** Starts building this row's message; builds run one after the other, in the order submitted. */
  Future<Built> submit(OutboxRow row) {
    return thread.submit(() -> build(row));
  }

  /** Builds now on the calling thread. */
  Built build(OutboxRow row) {
    Instant now = clock.instant();
    try {
      return new Built(row, builder.build(row, now), now, null);
    } catch (MessagingException | RuntimeException e) {
      return new Built(row, null, now, e);
    }
  }

  /** The submitted build, waited for; built again here when it is no longer fresh. */
  Built take(Future<Built> pending) {
    Built b = HelperThreads.await(pending);
    if (Duration.between(b.builtAt(), clock.instant()).compareTo(FRESH) > 0) return build(b.row());
    return b;
  }

  /** Lets the builds already submitted finish (at most three, a few milliseconds) and ends the thread. */
  @Override
  public void close() {
    HelperThreads.finish(thread, Duration.ofSeconds(30));
  }
}
