package dev.paperboy.web;

import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.select.Subscriber;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * What a confirmation link was mailed for, in 22 characters: a hash of everything confirming a pending
 * subscriber makes active. Signed into the link ({@link ConfirmTokens}), it lets a link confirm that
 * exact choice and nothing else: anyone may sign an address up again while it is pending, and the
 * latest choice is stored, but the owner's earlier link does not activate it.
 *
 * <p>A web sign-up's choice is its address as spelt, its name and its preferences. An address the
 * topic file lists takes the file's settings whoever signs it up, so only its origin and mailbox count
 * (the admin may edit its name meanwhile without spoiling the link).
 */
final class ChoiceFingerprint {
  /** 128 bits: nobody can make a second choice with the same fingerprint as someone else's. */
  private static final int BYTES = 16;

  private ChoiceFingerprint() {}

  static String of(StoredSubscriber row) {
    String choice = row.origin() == Subscriber.Origin.FILE
        ? "file\n" + row.emailKey()
        // each part's length first, so no two different choices run together into the same text
        : "web\n" + field(row.email()) + field(row.name()) + field(row.prefs() == null ? "" : row.prefs());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha256(choice), BYTES));
  }

  private static String field(String s) {
    return s.length() + ":" + s + "\n";
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
