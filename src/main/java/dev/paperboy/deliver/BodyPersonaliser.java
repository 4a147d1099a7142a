package dev.paperboy.deliver;

/**
 * Turns a stored body template into the final subject, HTML and text for one outbox row, from the row's
 * recipient values (and public id, for view-in-browser links). Supplied by the rendering stage; called
 * from sender threads at send time, so it must be thread-safe and quick.
 */
@FunctionalInterface
public interface BodyPersonaliser {
  Personalised personalise(DigestBody body, OutboxRow row);
}
