package dev.paperboy.deliver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DKIM keys: RSA key pairs as PEM files (private key PKCS#8, public key SubjectPublicKeyInfo) and the
 * DNS TXT record that publishes a public key ({@code v=DKIM1; k=rsa; p=BASE64}, RFC 6376 3.6.1).
 */
public final class DkimKeys {
  /** Key sizes {@code dkim keygen} makes: RFC 8301 wants at least 2048 bits from signers. */
  public static final Set<Integer> BITS = Set.of(2048, 3072, 4096);
  /** The longest character-string a TXT record may hold; longer values are several strings. */
  static final int TXT_STRING = 255;
  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  private DkimKeys() {}

  /** The files of one key pair: {@code SELECTOR.private.pem} and {@code SELECTOR.public.pem} in {@code dir}. */
  public record KeyFiles(Path privateKey, Path publicKey) {}

  public static KeyFiles filesFor(Path dir, String selector) {
    return new KeyFiles(dir.resolve(selector + ".private.pem"), dir.resolve(selector + ".public.pem"));
  }

  public static KeyPair generate(int bits) {
    if (!BITS.contains(bits)) throw new IllegalArgumentException("key size " + bits + " is not one of 2048, 3072, 4096");
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(bits);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA key generation unavailable", e);
    }
  }

  /**
   * Writes the pair; the private key readable by its owner alone (0600 where the file system has POSIX
   * permissions), created so, never widened afterwards. Refuses to overwrite either file.
   *
   * @throws FileAlreadyExistsException when either file exists: an existing key may be in use
   */
  public static void write(KeyPair pair, KeyFiles files) throws IOException {
    for (Path p : List.of(files.privateKey(), files.publicKey())) {
      if (Files.exists(p)) throw new FileAlreadyExistsException(p.toString(), null, "a key is already there; choose another selector or --out");
    }
    Files.createDirectories(files.privateKey().toAbsolutePath().getParent());
    byte[] privatePem = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    try {
      Files.createFile(files.privateKey(), PosixFilePermissions.asFileAttribute(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
    } catch (UnsupportedOperationException e) {
      Files.createFile(files.privateKey());
    }
    Files.write(files.privateKey(), privatePem, StandardOpenOption.TRUNCATE_EXISTING);
    Files.write(files.publicKey(), pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardOpenOption.CREATE_NEW);
  }

  /** Reads an RSA private key from a PEM file: PKCS#8 ("BEGIN PRIVATE KEY"), as {@code dkim keygen} and {@code openssl genpkey} write it. */
  public static RSAPrivateKey readPrivateKey(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    Matcher m = PEM.matcher(text);
    if (!m.find()) throw new IOException(file + ": not a PEM file (expected -----BEGIN PRIVATE KEY-----)");
    if (m.group(1).equals("RSA PRIVATE KEY")) {
      throw new IOException(file + ": a PKCS#1 key; convert it to PKCS#8 with "
          + "openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName() + " -out key.pem");
    }
    if (!m.group(1).equals("PRIVATE KEY")) throw new IOException(file + ": a " + m.group(1) + ", not an unencrypted PRIVATE KEY");
    try {
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
      throw new IOException(file + ": not an RSA private key (" + e.getMessage() + ")", e);
    }
  }

  /** The public half of an RSA private key (from its CRT parameters, which PKCS#8 keys carry). */
  public static PublicKey publicKeyOf(RSAPrivateKey key) {
    if (!(key instanceof RSAPrivateCrtKey crt)) throw new IllegalArgumentException("the private key has no public exponent");
    try {
      return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code SELECTOR._domainkey.DOMAIN}: where the TXT record goes. */
  public static String recordName(String selector, String domain) {
    return selector + "._domainkey." + domain;
  }

  /** The TXT record's value on one line: {@code v=DKIM1; k=rsa; p=BASE64}. */
  public static String recordValue(PublicKey key) {
    return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /** The value cut into character-strings of at most 255 characters, as a TXT record must hold it. */
  public static List<String> recordStrings(String value) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < value.length(); i += TXT_STRING) parts.add(value.substring(i, Math.min(value.length(), i + TXT_STRING)));
    return parts;
  }

  private static byte[] pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
  }
}
