package dev.paperboy.select;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An address Paperboy sends to, and the one validator for every address it accepts: the web sign-up
 * form and the topic file's {@code subscribers:} both go through {@link #check}.
 *
 * <p>Only the plain form that every mail system spells one way: a dot-atom local part of ASCII
 * characters, then a domain name. Refused: quoted local parts ({@code "alice"@example.net} is the
 * mailbox {@code alice@example.net} under another spelling, and so would slip past the one-row-per-
 * mailbox rule and the per-mailbox rate limit), IP-literal and numeric domains, labels that are not
 * letters, digits and inner hyphens, and non-ASCII local parts (they need SMTPUTF8, which nothing here
 * speaks). An internationalised domain is kept in its ASCII (punycode) form, which any mail server
 * takes, so {@code ok@exämple.org} is stored and sent as {@code ok@xn--exmple-cua.org}.
 *
 * @param localPart as typed (its letter case is kept for sending; {@link #key} ignores it)
 * @param domain    ASCII: internationalised labels converted, the others as typed
 */
public record EmailAddress(String localPart, String domain) {
  private static final int MAX_ADDRESS = 254; // RFC 5321's path limit less the angle brackets
  private static final int MAX_LOCAL = 64;
  private static final int MAX_LABEL = 63;
  /** RFC 5321 dot-string: atext runs joined by single dots. */
  private static final String ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
  private static final Pattern DOT_ATOM = Pattern.compile(ATEXT + "(\\." + ATEXT + ")*");
  private static final Pattern LABEL_CHARACTERS = Pattern.compile("[A-Za-z0-9-]+");
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");
  /**
   * Where IDNA2003 (what {@link IDN} implements) and today's IDNA2008 disagree: IDNA2003 maps ß to
   * "ss" and drops the joiners, so {@code straße.de} would become another domain, {@code strasse.de}.
   */
  private static final Pattern IDNA_DEVIATIONS = Pattern.compile("[\u00DF\u03C2\u200C\u200D]");

  /** What {@link #check} found: an address, or why the text is not one we send to. */
  public record Check(EmailAddress address, String problem) {
    public boolean ok() {
      return address != null;
    }

    private static Check refused(String problem) {
      return new Check(null, problem);
    }
  }

  /**
   * The address in {@code text} (surrounding white space ignored), or a sentence that says what is
   * wrong with it in words its owner understands.
   */
  public static Check check(String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) return Check.refused("An email address is needed.");
    int at = t.lastIndexOf('@');
    if (at < 0) return Check.refused("An email address has an @, as in name@example.org.");
    if (t.indexOf('<') >= 0 || t.indexOf('>') >= 0) return Check.refused("Just the address, please: name@example.org.");
    String local = t.substring(0, at);
    String domain = t.substring(at + 1);
    if (local.indexOf('"') >= 0 || local.indexOf('\\') >= 0) {
      return Check.refused("Write the address without quotation marks or backslashes: name@example.org.");
    }
    if (local.indexOf('@') >= 0) return Check.refused("An address has only one @.");
    if (local.isEmpty()) return Check.refused("Something is missing before the @.");
    if (!ascii(local)) {
      return Check.refused("Letters such as ö or é before the @ need a mail extension (SMTPUTF8) that we do not"
          + " support: please use an address with only plain letters, digits and . _ - + before the @.");
    }
    if (!DOT_ATOM.matcher(local).matches()) {
      return Check.refused("The part before the @ may not contain spaces, commas or brackets, nor start or end with"
          + " a dot or have two dots in a row.");
    }
    if (local.length() > MAX_LOCAL) return Check.refused("The part before the @ is too long (at most 64 characters).");
    if (domain.startsWith("[")) {
      return Check.refused("Please use an address with a domain name after the @, not an IP address in brackets.");
    }
    if (domain.isEmpty()) return Check.refused("A domain is missing after the @, as in name@example.org.");
    if (IDNA_DEVIATIONS.matcher(domain).find()) {
      return Check.refused("Domains with ß, final sigma or joiner characters are spelt two ways: please write the"
          + " domain in its xn-- form.");
    }
    String asciiDomain = domain;
    if (!ascii(domain)) {
      // punycode hides a hyphen at the start of a label ("-bücher" becomes "xn---bcher-kva"): look first
      for (String label : domain.split("[.\u3002\uFF0E\uFF61]", -1)) {
        if (label.startsWith("-") || label.endsWith("-")) return Check.refused(hyphen(label));
      }
      try {
        asciiDomain = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
      } catch (IllegalArgumentException e) {
        return Check.refused("The domain after the @ is not a valid domain name.");
      }
    }
    String problem = domainProblem(asciiDomain);
    if (problem != null) return Check.refused(problem);
    if (local.length() + 1 + asciiDomain.length() > MAX_ADDRESS) {
      return Check.refused("That address is too long (at most 254 characters).");
    }
    return new Check(new EmailAddress(local, asciiDomain), null);
  }

  /**
   * One key per mailbox, for finding, counting and rate-limiting: the checked address lower-cased
   * (domains ignore case; local parts in practice do too). Text that is no valid address, as rows
   * stored before these rules may hold, is keyed as it always was: stripped and lower-cased.
   */
  public static String key(String email) {
    String t = email.strip();
    // the common case, cheap because selection keys every stored row: an ASCII address's key is itself
    // lower-cased, checked or not; only an internationalised domain needs converting first
    if (ascii(t)) return t.toLowerCase(Locale.ROOT);
    Check c = check(t);
    return c.ok() ? c.address().key() : t.toLowerCase(Locale.ROOT);
  }

  public String key() {
    return toString().toLowerCase(Locale.ROOT);
  }

  /** {@code local@domain}, as it goes into the envelope and the To header. */
  @Override
  public String toString() {
    return localPart + "@" + domain;
  }

  private static String domainProblem(String domain) {
    if (domain.length() > MAX_ADDRESS) return "The domain after the @ is too long.";
    String[] labels = domain.split("\\.", -1);
    if (labels.length < 2) return "The domain after the @ must be a full domain name, as in name@example.org.";
    for (String label : labels) {
      if (label.isEmpty()) {
        return "The domain after the @ may not start or end with a dot or have two dots in a row.";
      }
      if (!LABEL_CHARACTERS.matcher(label).matches()) {
        return "The domain after the @ may only contain letters, digits, hyphens and dots.";
      }
      if (label.startsWith("-") || label.endsWith("-")) return hyphen(label);
      if (label.length() > MAX_LABEL) return "A part of the domain after the @ is too long (at most 63 characters).";
    }
    if (DIGITS.matcher(labels[labels.length - 1]).matches()) {
      return "Please use an address with a domain name after the @, not an IP address.";
    }
    return null;
  }

  private static String hyphen(String label) {
    return "No part of the domain after the @ may start or end with a hyphen ('" + label + "').";
  }

  private static boolean ascii(String s) {
    return s.chars().allMatch(c -> c < 0x80);
  }
}
