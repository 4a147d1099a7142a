package dev.paperboy.deliver;

/**
 * A stored body in the form senders use: its parts encoded for the wire once ({@link PartTemplate}),
 * each recipient's values spliced in when a message is built. The outbox writes it when it stores the
 * body: reading a body's text back (H2 decodes a 25 KB row a character at a time) and encoding it
 * again were a third of the CPU a sender spends beyond the SMTP transport (docs/performance.md).
 */
record WireBody(String subject, PartTemplate html, PartTemplate text) {
  /** A personaliser that can fill a body's wire form; one that cannot gets the body's text instead. */
  interface Filler {
    MessageContent content(WireBody body, OutboxRow row);
  }

  static WireBody of(DigestBody body) {
    return new WireBody(body.subject(), PartTemplate.of(body.html(), true), PartTemplate.of(body.text(), false));
  }
}
