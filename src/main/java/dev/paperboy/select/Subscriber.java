package dev.paperboy.select;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * A subscriber and their preferences, from the topic file or from the web sign-up.
 *
 * @param id        opaque id assigned by the subscriber store; null until the subscriber is stored
 * @param email     the address, as written (compare with {@link #emailKey()})
 * @param name      display name, may be empty
 * @param exclude   Lucene query: papers matching it are never sent; null for none
 */
public record Subscriber(
    String id,
    String email,
    String name,
    List<Topic> topics,
    String exclude,
    ZoneId timezone,
    LocalTime sendAt,
    Frequency frequency,
    int maxPapers,
    boolean sendEmpty,
    Origin origin) {

  /**
   * The most papers one digest may hold ({@code max_papers} is 1 to this). The renderer keeps a digest
   * of this many papers under Gmail's 102 KB clipping limit.
   */
  public static final int MAX_PAPERS = 50;

  public enum Origin {
    /** Listed in the topic file: the file is authoritative for preferences. */
    FILE,
    /** Signed up on the web page: preferences live in the database. */
    WEB
  }

  public Subscriber {
    Objects.requireNonNull(email, "email");
    name = name == null ? "" : name;
    topics = List.copyOf(topics);
  }

  /** One key per mailbox ({@link EmailAddress#key(String)}): two subscribers with the same key are the same person. */
  public String emailKey() {
    return EmailAddress.key(email);
  }

  public Subscriber withId(String newId) {
    return new Subscriber(newId, email, name, topics, exclude, timezone, sendAt, frequency, maxPapers, sendEmpty, origin);
  }
}
