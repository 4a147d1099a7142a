package dev.paperboy.select;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one address rule the sign-up form and the topic file share, and the one key per mailbox. */
class EmailAddressTest {
  @Test
  void plainAddressesPassAsTypedAndShareAKeyWhateverTheirCase() {
    EmailAddress.Check c = EmailAddress.check("  Ada.Lovelace+papers@Example.org ");
    assertThat(c.ok()).isTrue();
    assertThat(c.address().toString()).isEqualTo("Ada.Lovelace+papers@Example.org"); // sent as typed
    assertThat(c.address().key()).isEqualTo("ada.lovelace+papers@example.org");
    assertThat(EmailAddress.key("ADA.LOVELACE+papers@example.ORG")).isEqualTo(c.address().key());
    assertThat(EmailAddress.check("o'brien@mail.example.co.uk").ok()).isTrue();
    assertThat(EmailAddress.check("x@a-b.example").ok()).isTrue();
    assertThat(EmailAddress.check("x@xn--exmple-cua.org").ok()).isTrue();
  }

  @Test
  void otherSpellingsOfOneMailboxAreRefusedWithAReason() {
    assertThat(EmailAddress.check("\"alice\"@example.net").problem()).contains("without quotation marks");
    assertThat(EmailAddress.check("\"al\\ice\"@example.net").problem()).contains("without quotation marks");
    assertThat(EmailAddress.check("Alice <alice@example.net>").problem()).contains("Just the address");
    assertThat(EmailAddress.check("al ice@example.net").problem()).contains("spaces");
    assertThat(EmailAddress.check(".alice@example.net").problem()).contains("start or end with a dot");
    assertThat(EmailAddress.check("al..ice@example.net").problem()).contains("two dots");
    assertThat(EmailAddress.check("a@b@example.net").problem()).contains("only one @");
  }

  @Test
  void ipLiteralsNumericAndMalformedDomainsAreRefused() {
    assertThat(EmailAddress.check("ok@[127.0.0.1]").problem()).contains("not an IP address");
    assertThat(EmailAddress.check("ok@[IPv6:::1]").problem()).contains("not an IP address");
    assertThat(EmailAddress.check("ok@127.0.0.1").problem()).contains("not an IP address");
    assertThat(EmailAddress.check("ok@-example.org").problem()).contains("start or end with a hyphen ('-example')");
    assertThat(EmailAddress.check("ok@example-.org").problem()).contains("hyphen");
    assertThat(EmailAddress.check("ok@exa_mple.org").problem()).contains("only contain letters, digits, hyphens");
    assertThat(EmailAddress.check("ok@example").problem()).contains("full domain name");
    assertThat(EmailAddress.check("ok@example..org").problem()).contains("two dots");
    assertThat(EmailAddress.check("ok@example.org.").problem()).contains("end with a dot");
    assertThat(EmailAddress.check("ok@" + "a".repeat(64) + ".org").problem()).contains("at most 63");
    assertThat(EmailAddress.check("ok@").problem()).contains("domain is missing");
    assertThat(EmailAddress.check("@example.org").problem()).contains("missing before the @");
    assertThat(EmailAddress.check("nobody").problem()).contains("has an @");
    assertThat(EmailAddress.check("").problem()).isNotBlank();
    assertThat(EmailAddress.check("x".repeat(65) + "@example.org").problem()).contains("at most 64");
    assertThat(EmailAddress.check("x@" + ("a".repeat(60) + ".").repeat(5) + "org").problem()).contains("too long");
  }

  @Test
  void anInternationalisedDomainBecomesItsAsciiFormAndANonAsciiLocalPartIsRefused() {
    EmailAddress.Check idn = EmailAddress.check("ok@exämple.org");
    assertThat(idn.address().toString()).isEqualTo("ok@xn--exmple-cua.org");
    // one mailbox, one key: the Unicode and the ASCII spelling, any case
    assertThat(EmailAddress.key("OK@EXÄMPLE.org")).isEqualTo("ok@xn--exmple-cua.org")
        .isEqualTo(EmailAddress.key("ok@xn--exmple-cua.org"));
    assertThat(EmailAddress.check("ok@bücher.example.com").address().domain()).isEqualTo("xn--bcher-kva.example.com");

    assertThat(EmailAddress.check("jörg@exämple.org").problem()).contains("SMTPUTF8");
    assertThat(EmailAddress.check("jörg@example.org").problem()).contains("SMTPUTF8");
    // IDNA2003 would turn straße.de into strasse.de, another domain: refused rather than guessed
    assertThat(EmailAddress.check("ok@straße.de").problem()).contains("xn-- form");
    assertThat(EmailAddress.check("ok@-bücher.de").problem()).contains("hyphen ('-bücher')");
    assertThat(EmailAddress.check("ok@bü_cher.de").problem()).contains("not a valid domain name");
  }
}
