package dev.paperboy.deliver;

import dev.paperboy.select.SubscriberStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * Mail to the List-Unsubscribe mailto address (RFC 2369): what a mail client sends when its reader
 * presses "unsubscribe" and the one-click link cannot be used. Its subject names the message it came
 * from by its random public id, so only a recipient of that message can unsubscribe its subscriber, as
 * with the link.
 */
public final class UnsubscribeRequests {
  private static final String WORD = "unsubscribe";
  // some clients prefix a reply marker or add a trailing note; the id is the one word after "unsubscribe"
  private static final Pattern SUBJECT = Pattern.compile("(?i)\\bunsubscribe\\s+([A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])");

  /** What a request did. */
  public record Done(String email, boolean unsubscribed) {}

  private final Jdbi jdbi;
  private final Outbox outbox;
  private final Clock clock;

  public UnsubscribeRequests(Outbox outbox, Clock clock) {
    this.jdbi = outbox.jdbi();
    this.outbox = outbox;
    this.clock = clock;
  }

  /** The query of the mailto URI for a message: {@code subject=unsubscribe%20PUBLICID}. */
  public static String mailtoQuery(String publicId) {
    return "subject=" + URLEncoder.encode(WORD + " " + publicId, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The public id a request's subject names, if it is one. */
  public static Optional<String> publicId(String subject) {
    Matcher m = SUBJECT.matcher(subject == null ? "" : subject);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * Unsubscribes the subscriber of the message with this public id and cancels their queued mail.
   *
   * @return empty when the id names no message of ours (or its subscriber is gone)
   */
  public Optional<Done> unsubscribe(String publicId) {
    Optional<OutboxRow> row = outbox.findByPublicId(publicId);
    if (row.isEmpty()) return Optional.empty();
    String id = row.get().subscriberId();
    Optional<Done> done = jdbi.inTransaction(h -> {
      SubscriberStore store = new SubscriberStore(h);
      return store.byId(id).map(s -> new Done(s.email(), store.unsubscribe(id, clock.instant())));
    });
    if (done.isPresent() && done.get().unsubscribed()) outbox.cancelFor(id);
    outbox.persist();
    return done;
  }
}
