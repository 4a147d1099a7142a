package dev.paperboy.config;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The link secrets as web.secrets writes them, {@code "v2:SECRET,v1:OLDSECRET"}: the first signs, every
 * one verifies. Checked where the configuration is loaded, so a bad one is reported with its file and
 * line before anything starts.
 *
 * @param secrets each version's secret, in the order written
 */
public record SecretSpec(Map<String, byte[]> secrets) {
  public static final int MIN_LENGTH = 16;

  /** @throws IllegalArgumentException saying what is wrong with {@code spec} */
  public static SecretSpec parse(String spec) {
    Map<String, byte[]> secrets = new LinkedHashMap<>();
    for (String part : spec.split(",")) {
      String p = part.strip();
      if (p.isEmpty()) continue;
      int colon = p.indexOf(':');
      if (colon <= 0 || colon == p.length() - 1) {
        throw new IllegalArgumentException("each secret must be written VERSION:SECRET, e.g. v1:" + "x".repeat(MIN_LENGTH));
      }
      String version = p.substring(0, colon);
      String secret = p.substring(colon + 1);
      if (!version.matches("[A-Za-z0-9_-]{1,16}")) {
        throw new IllegalArgumentException("secret version '" + version + "' must be letters, digits, - or _");
      }
      if (secret.length() < MIN_LENGTH) {
        throw new IllegalArgumentException("secret " + version + " is too short (at least " + MIN_LENGTH + " characters)");
      }
      if (secrets.put(version, secret.getBytes(StandardCharsets.UTF_8)) != null) {
        throw new IllegalArgumentException("secret version " + version + " is given twice");
      }
    }
    if (secrets.isEmpty()) throw new IllegalArgumentException("no secret given");
    return new SecretSpec(Collections.unmodifiableMap(secrets));
  }

  /** The version that signs. */
  public String current() {
    return secrets.keySet().iterator().next();
  }
}
