package dev.paperboy.render;

import java.util.function.Function;

/**
 * A per-recipient value in a shared render. The template renders a marker in its place (U+E000, the
 * field's name, U+E001: private-use characters that {@link Texts#clean} removes from all data, so data
 * can never forge one), and {@link SplicedText} swaps the marker for the recipient's value.
 */
public enum Field {
  GREETING("greeting", 30, Recipient::greeting),
  NAME("name", 20, Recipient::name),
  EMAIL("email", 30, Recipient::email),
  UNSUBSCRIBE_URL("unsubscribeUrl", Integer.MAX_VALUE, Recipient::unsubscribeUrl),
  MANAGE_URL("manageUrl", Integer.MAX_VALUE, Recipient::manageUrl),
  VIEW_URL("viewUrl", Integer.MAX_VALUE, Recipient::viewUrl),
  /** Only in confirmation mails: the double opt-in link. */
  CONFIRM_URL("confirmUrl", Integer.MAX_VALUE, Recipient::confirmUrl);

  static final char OPEN = '\uE000';
  static final char CLOSE = '\uE001';

  private final String key;
  private final int typicalLength;
  private final Function<Recipient, String> value;
  private final String marker;

  Field(String key, int typicalLength, Function<Recipient, String> value) {
    this.key = key;
    this.typicalLength = typicalLength;
    this.value = value;
    this.marker = OPEN + key + CLOSE;
  }

  /** The name templates use ({@code recipient.unsubscribeUrl}) and the encoded form stores. */
  public String key() {
    return key;
  }

  /** What the template renders in place of the value. */
  public String marker() {
    return marker;
  }

  public String valueFor(Recipient recipient) {
    return value.apply(recipient);
  }

  /**
   * How wide the text wrapper assumes the value is: URLs count as longer than a line, so a URL
   * always gets a line of its own however the template places it.
   */
  int typicalLength() {
    return typicalLength;
  }

  /**
   * @throws IllegalArgumentException when no field has this key
   */
  public static Field byKey(String key) {
    for (Field f : values()) {
      if (f.key.equals(key)) return f;
    }
    throw new IllegalArgumentException("unknown placeholder field '" + key + "'");
  }
}
