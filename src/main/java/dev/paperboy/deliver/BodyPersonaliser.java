package dev.paperboy.deliver;

/**
 * Turns a stored body template into the final subject, HTML and text for one outbox row, from the row's
 * recipient values (and public id, for view-in-browser links). Supplied by the rendering stage; called
 * from sender threads at send time, so it must be thread-safe and quick.
 */
@FunctionalInterface
public interface BodyPersonaliser {
  Personalised personalise(DigestBody body, OutboxRow row);

  /**
   * The row's message content, its parts encoded: what a sender builds the message from. By default
   * {@link #personalise} encoded whole; an implementation may encode what recipients share only once.
   */
  default MessageContent content(DigestBody body, OutboxRow row) {
    return MessageContent.of(personalise(body, row));
  }
}
