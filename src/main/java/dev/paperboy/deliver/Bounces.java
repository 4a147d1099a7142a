package dev.paperboy.deliver;

import dev.paperboy.config.PaperboyConfig;
import dev.paperboy.token.Purpose;
import dev.paperboy.token.Tokens;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Envelope senders (SMTP MAIL FROM, the Return-Path): where bounces go.
 *
 * <p>Without VERP every message has the one bounce address ({@code mail.bounce_address}, by default
 * {@code bounce@<mail.domain>}). With {@code mail.verp} each message gets an address of its own,
 * {@code bounce+TOKEN@domain}, where TOKEN is a {@link Tokens#signCompact compact token} on the
 * subscriber id: a bounce then names whom it was for, and nobody can forge one for someone else.
 * Mail servers deliver such an address to {@code bounce@domain} when '+' is their recipient delimiter
 * (Postfix {@code recipient_delimiter = +}, Exim and most others likewise).
 *
 * <p>The token is short and case-insensitive on purpose: a local part may have at most 64 characters
 * (RFC 5321 4.5.3.1.1), and some mail systems lower-case addresses on the way back. A full link token
 * (~80 characters, mixed case) would fail both. A row whose address would not fit, or whose subscriber
 * id is not of the compact kind, is sent with the plain bounce address instead.
 */
public final class Bounces {
  /** RFC 5321 4.5.3.1.1: the most a local part may have. */
  static final int MAX_LOCAL_PART = 64;
  private static final char DELIMITER = '+';

  private final String localPart;
  private final String domain;
  private final Tokens tokens;

  private Bounces(String address, Tokens tokens) {
    int at = address.lastIndexOf('@');
    if (at <= 0 || at == address.length() - 1) throw new IllegalArgumentException("not an address: " + address);
    this.localPart = address.substring(0, at);
    this.domain = address.substring(at + 1);
    this.tokens = tokens;
  }

  /** Every message with the configured bounce address. */
  public static Bounces fixed(PaperboyConfig.Mail mail) {
    return new Bounces(address(mail), null);
  }

  /** VERP addresses when {@code mail.verp} is on, else the fixed address. */
  public static Bounces fromConfig(PaperboyConfig.Mail mail, Tokens tokens) {
    return new Bounces(address(mail), mail.verp() ? Objects.requireNonNull(tokens, "tokens") : null);
  }

  /** With VERP on, signing with {@code tokens}, whatever the configuration says (for tests and tools). */
  public static Bounces verp(String bounceAddress, Tokens tokens) {
    return new Bounces(bounceAddress, Objects.requireNonNull(tokens, "tokens"));
  }

  public boolean verp() {
    return tokens != null;
  }

  /** The envelope sender for one outbox row (digest, resend, confirmation: any kind with a subscriber id). */
  public String envelopeFrom(OutboxRow row) {
    if (tokens == null || row.subscriberId() == null) return localPart + "@" + domain;
    String id = row.subscriberId().toLowerCase(Locale.ROOT);
    if (!id.matches(Tokens.COMPACT_PAYLOAD)) return localPart + "@" + domain;
    String local = localPart + DELIMITER + tokens.signCompact(Purpose.BOUNCE, id);
    return local.length() <= MAX_LOCAL_PART ? local + "@" + domain : localPart + "@" + domain;
  }

  /**
   * The subscriber a bounce was for, from the address it came back to ({@code bounce+TOKEN@domain},
   * with or without angle brackets, in any letter case); empty when the address is not one of ours
   * or its token is not genuine. For a bounce processor: pass the envelope recipient of the bounce.
   */
  public Optional<String> subscriberOf(String address) {
    if (tokens == null || address == null) return Optional.empty();
    String a = address.strip();
    if (a.startsWith("<") && a.endsWith(">")) a = a.substring(1, a.length() - 1).strip();
    int at = a.lastIndexOf('@');
    if (at <= 0 || !a.substring(at + 1).equalsIgnoreCase(domain)) return Optional.empty();
    String local = a.substring(0, at);
    String prefix = localPart + DELIMITER;
    if (local.length() <= prefix.length() || !local.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return Optional.empty();
    }
    return tokens.verifyCompact(Purpose.BOUNCE, local.substring(prefix.length()));
  }

  private static String address(PaperboyConfig.Mail mail) {
    String configured = MessageBuilder.clean(mail.bounceAddress());
    return configured.isEmpty() ? "bounce@" + MessageBuilder.clean(mail.domain()) : configured;
  }
}
