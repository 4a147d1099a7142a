package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.deliver.DkimKeys;
import dev.paperboy.testing.Cli;
import dev.paperboy.testing.TestHome;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `paperboy dkim keygen`, the dkim.* configuration, and `preview --format eml` signing with the key. */
class DkimCommandTest {
  @TempDir Path dir;

  @Test
  void keygenWritesAKeyPairPrintsTheTxtRecordAndNeverOverwrites() throws Exception {
    Cli cli = new TestHome(dir).config("").cli();
    Cli.Result r = cli.run("dkim", "keygen", "--selector", "pb2026", "--domain", "paperboy.example.org", "--out", dir.resolve("keys").toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    Path pub = dir.resolve("keys/pb2026.public.pem");
    assertThat(dir.resolve("keys/pb2026.private.pem")).exists();
    String record = String.join("", quoted(r.out()));
    assertThat(r.out()).contains("pb2026._domainkey.paperboy.example.org. IN TXT");
    assertThat(record).startsWith("v=DKIM1; k=rsa; p=");
    assertThat(quoted(r.out())).allMatch(s -> s.length() <= 255);
    // the record publishes exactly the public key written next to the private one
    assertThat(Base64.getDecoder().decode(record.substring(record.indexOf("p=") + 2))).isEqualTo(publicKey(pub).getEncoded());

    Cli.Result again = cli.run("dkim", "keygen", "--selector", "pb2026", "--domain", "paperboy.example.org", "--out", dir.resolve("keys").toString());
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("pb2026.private.pem");
    assertThat(cli.run("dkim", "keygen", "--domain", "paperboy.example.org").exitCode()).isEqualTo(2);
    assertThat(cli.run("dkim", "keygen", "--selector", "a b", "--domain", "paperboy.example.org").exitCode()).isEqualTo(2);
    Cli.Result help = cli.run("dkim", "keygen", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("--selector").contains("--domain").contains("TXT record");
  }

  @Test
  void aMissingOrBrokenKeyIsAConfigurationErrorNamingTheKey() throws Exception {
    TestHome home = new TestHome(dir).config("""
        dkim:
          private_key: "config/nothing-here.pem"
          selector: "pb"
        """);
    Cli.Result missing = home.cli().run("papers");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("dkim.private_key").contains("nothing-here.pem");

    home.write("config/junk.pem", "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
    Cli.Result junk = home.cli().env("PAPERBOY_DKIM_PRIVATE_KEY", "config/junk.pem").run("papers");
    assertThat(junk.exitCode()).isEqualTo(2);
    assertThat(junk.err()).contains("dkim.private_key").contains("junk.pem").contains("not an RSA private key");

    Cli.Result noSelector = home.cli().env("PAPERBOY_DKIM_SELECTOR", "").run("papers");
    assertThat(noSelector.exitCode()).isEqualTo(2);
    assertThat(noSelector.err()).contains("dkim.selector");
  }

  @Test
  void previewEmlIsSignedWithTheConfiguredKeyAndUsesVerp() throws Exception {
    TestHome home = new TestHome(dir);
    Cli keygen = home.config("").cli();
    assertThat(keygen.run("dkim", "keygen", "--selector", "pb", "--domain", "paperboy.example.org").exitCode()).isZero();
    home.config("""
        mail:
          verp: true
        web:
          base_url: "https://paperboy.example.org"
          secrets: "t1:dkim-preview-test-secret"
        dkim:
          private_key: "config/dkim/pb.private.pem"
          selector: "pb"
          domain: "paperboy.example.org"
        """).topics("""
        topics:
          diffusion: {title: Diffusion models, query: 'diffusion OR denoising'}
        subscribers:
          - {email: ada@example.org, name: Ada Lovelace, topics: [diffusion]}
        """);
    Cli cli = home.cli();
    assertThat(cli.run("ingest", TestHome.sample("daily-papers-listing-mar14.txt"), "--date", "2026-03-14").exitCode()).isZero();
    Path eml = dir.resolve("digest.eml");
    Cli.Result r = cli.run("preview", "--subscriber", "ada@example.org", "--date", "2026-03-14", "--format", "eml", "--out", eml.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();

    byte[] raw = Files.readAllBytes(eml);
    PublicKey key = publicKey(dir.resolve("config/dkim/pb.public.pem"));
    DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> {
      assertThat(selector + "._domainkey." + domain).isEqualTo("pb._domainkey.paperboy.example.org");
      return List.of(DkimKeys.recordValue(key));
    });
    List<SignatureRecord> sigs = verifier.verify(new ByteArrayInputStream(raw));
    assertThat(sigs).hasSize(1);
    String text = new String(raw, StandardCharsets.US_ASCII);
    assertThat(text).contains("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
    assertThat(MimeUtility.unfold(text)).containsPattern("List-Unsubscribe: +<https://paperboy\\.example\\.org/[^>]+>, <mailto:");
  }

  private static List<String> quoted(String out) {
    Matcher m = Pattern.compile("\"([^\"]*)\"").matcher(out.substring(out.indexOf("IN TXT"), out.indexOf(")", out.indexOf("IN TXT"))));
    List<String> strings = new java.util.ArrayList<>();
    while (m.find()) strings.add(m.group(1));
    return strings;
  }

  private static PublicKey publicKey(Path pem) throws Exception {
    String b64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----|\\s", "");
    return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
  }
}
