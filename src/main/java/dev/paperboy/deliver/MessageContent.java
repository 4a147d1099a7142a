package dev.paperboy.deliver;

import java.util.Objects;

/** What goes into one message: its subject and both parts, encoded for the wire. */
public record MessageContent(String subject, EncodedPart html, EncodedPart text) {
  public MessageContent {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(html, "html");
    Objects.requireNonNull(text, "text");
  }

  /** The personalised strings, each part encoded as a whole. */
  public static MessageContent of(Personalised p) {
    return new MessageContent(p.subject(), EncodedPart.of(p.html()), EncodedPart.of(p.text()));
  }
}
