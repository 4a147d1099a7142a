package dev.paperboy.render;

import java.util.Objects;

/**
 * A digest rendered once for every subscriber of its shape: subject and preheader are final, the
 * bodies still have holes for the {@link Recipient}'s values.
 *
 * @param shapeKey  the {@link DigestShape} key it was rendered for: equal keys, identical bodies
 * @param subject   plain text, no line breaks or control characters, not yet RFC 2047 encoded
 * @param preheader the inbox preview line (also hidden at the top of the HTML)
 * @param htmlBody  the HTML document with placeholders
 * @param textBody  the plain-text alternative with placeholders
 */
public record RenderedDigest(String shapeKey, String subject, String preheader, SplicedText htmlBody, SplicedText textBody) {
  public RenderedDigest {
    Objects.requireNonNull(shapeKey, "shapeKey");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(preheader, "preheader");
    Objects.requireNonNull(htmlBody, "htmlBody");
    Objects.requireNonNull(textBody, "textBody");
  }

  /** Rebuilds a render from its stored form ({@link #encodedHtml()}, {@link #encodedText()}). */
  public static RenderedDigest decode(String shapeKey, String subject, String preheader, String encodedHtml, String encodedText) {
    return new RenderedDigest(shapeKey, subject, preheader, SplicedText.parse(encodedHtml), SplicedText.parse(encodedText));
  }

  /** The HTML body for one recipient, its values HTML-escaped. */
  public String html(Recipient recipient) {
    return htmlBody.fill(recipient, true);
  }

  /** The text body for one recipient, its values as they are. */
  public String text(Recipient recipient) {
    return textBody.fill(recipient, false);
  }

  public String encodedHtml() {
    return htmlBody.encoded();
  }

  public String encodedText() {
    return textBody.encoded();
  }
}
