package dev.paperboy.token;

/** RFC 4648 base32 in lower case without padding: ids and MACs that survive case-folding mail systems. */
public final class Base32 {
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private Base32() {}

  public static String encode(byte[] bytes) {
    StringBuilder sb = new StringBuilder((bytes.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        sb.append(ALPHABET[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) sb.append(ALPHABET[(buffer << (5 - bits)) & 31]);
    return sb.toString();
  }
}
