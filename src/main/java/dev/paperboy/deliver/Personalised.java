package dev.paperboy.deliver;

import java.util.Objects;

/** A digest body with its placeholders filled for one recipient: what goes into the message. */
public record Personalised(String subject, String html, String text) {
  public Personalised {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(html, "html");
    Objects.requireNonNull(text, "text");
  }
}
