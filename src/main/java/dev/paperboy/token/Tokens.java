package dev.paperboy.token;

import dev.paperboy.config.ConfigException;
import dev.paperboy.config.Location;
import dev.paperboy.config.SecretSpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, opaque tokens for links in mail: {@code PAYLOAD.VERSION.MAC}, all URL-safe. The MAC is
 * HMAC-SHA256 over the purpose, the version and the payload under the secret of that version; the
 * first configured secret signs and every configured secret verifies, so secrets can be rotated
 * without breaking links already sent.
 */
public final class Tokens {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final String ALGORITHM = "HmacSHA256";
  /** What a compact token may carry: lower-case letters, digits and '-', as subscriber ids are. */
  public static final String COMPACT_PAYLOAD = "[a-z0-9-]{1,32}";
  private static final Pattern COMPACT_PAYLOAD_PATTERN = Pattern.compile(COMPACT_PAYLOAD);
  private static final int COMPACT_MAC_BYTES = 10;

  private final String currentVersion;
  private final Map<String, byte[]> secrets;

  private Tokens(String currentVersion, Map<String, byte[]> secrets) {
    this.currentVersion = currentVersion;
    this.secrets = secrets;
  }

  /**
   * @param spec "v2:SECRET,v1:OLDSECRET" (the first signs); each secret at least 16 characters
   * @param where names the setting in error messages
   */
  public static Tokens of(String spec, String where) {
    try {
      SecretSpec parsed = SecretSpec.parse(spec);
      return new Tokens(parsed.current(), parsed.secrets());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(Location.of(where), e.getMessage());
    }
  }

  public String sign(Purpose purpose, String payload) {
    String encoded = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    return encoded + "." + currentVersion + "." + B64.encodeToString(mac(secrets.get(currentVersion), purpose, currentVersion, encoded));
  }

  /** The payload of a genuine token for this purpose; empty for anything forged, altered or malformed. */
  public Optional<String> verify(Purpose purpose, String token) {
    if (token == null || token.length() > 1024) return Optional.empty();
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) return Optional.empty();
    byte[] secret = secrets.get(parts[1]);
    if (secret == null) return Optional.empty();
    // Compared as text, not as decoded bytes: the decoder ignores a last character's unused low bits
    // and accepts padding, so several spellings decode to one MAC. Only the one sign() writes passes.
    byte[] expected = B64.encodeToString(mac(secret, purpose, parts[1], parts[0])).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.UTF_8))) return Optional.empty();
    byte[] payload;
    try {
      payload = B64D.decode(parts[0]);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    // the MAC covers the payload as written, so it is the canonical spelling already
    return Optional.of(new String(payload, StandardCharsets.UTF_8));
  }

  /**
   * A short token for where room is scarce and letter case may not survive, such as the local part of
   * a VERP bounce address (at most 64 characters, and some mail systems lower-case addresses):
   * {@code PAYLOAD.VERSION.MAC}, the payload as it is, the version in lower case and an 80-bit MAC in
   * lower-case base32 (16 characters). Its MAC is computed apart from {@link #sign}'s, so neither kind
   * of token passes for the other.
   *
   * @param payload {@value #COMPACT_PAYLOAD} (a subscriber id fits)
   * @throws IllegalArgumentException when the payload does not fit that pattern
   */
  public String signCompact(Purpose purpose, String payload) {
    if (!COMPACT_PAYLOAD_PATTERN.matcher(payload).matches()) {
      throw new IllegalArgumentException("a compact token's payload must match " + COMPACT_PAYLOAD);
    }
    return payload + "." + currentVersion.toLowerCase(Locale.ROOT) + "." + compactMac(secrets.get(currentVersion), purpose, currentVersion, payload);
  }

  /** The payload of a genuine {@link #signCompact compact token} for this purpose, whatever its letter case. */
  public Optional<String> verifyCompact(Purpose purpose, String token) {
    if (token == null || token.length() > 128) return Optional.empty();
    String[] parts = token.toLowerCase(Locale.ROOT).split("\\.", -1);
    if (parts.length != 3 || !COMPACT_PAYLOAD_PATTERN.matcher(parts[0]).matches()) return Optional.empty();
    byte[] given = parts[2].getBytes(StandardCharsets.US_ASCII);
    for (Map.Entry<String, byte[]> s : secrets.entrySet()) {
      if (!s.getKey().equalsIgnoreCase(parts[1])) continue;
      byte[] expected = compactMac(s.getValue(), purpose, s.getKey(), parts[0]).getBytes(StandardCharsets.US_ASCII);
      if (MessageDigest.isEqual(expected, given)) return Optional.of(parts[0]);
    }
    return Optional.empty();
  }

  private static String compactMac(byte[] secret, Purpose purpose, String version, String payload) {
    // "compact:" cannot start a base64url payload, so these MACs never sign what sign() signs
    byte[] mac = mac(secret, purpose, version, "compact:" + payload);
    return Base32.encode(Arrays.copyOf(mac, COMPACT_MAC_BYTES));
  }


  List<String> versions() {
    return new ArrayList<>(secrets.keySet());
  }

  private static byte[] mac(byte[] secret, Purpose purpose, String version, String encodedPayload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      mac.update((purpose.name() + "\n" + version + "\n" + encodedPayload).getBytes(StandardCharsets.UTF_8));
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }
}
