package dev.paperboy.render;

/**
 * The only values that differ between two subscribers who get the same digest. Everything else in
 * a rendered body depends on the digest's shape alone, which is what lets one render serve many.
 *
 * <p>Values are cleaned on the way in: the name and address lose control characters (CR/LF too) and
 * private-use characters; HTML escaping happens when they are spliced into the HTML body.
 */
public record Recipient(String email, String name, String unsubscribeUrl, String manageUrl, String viewUrl, String confirmUrl) {
  private static final int MAX_NAME = 70; // "Hi " + name + "," stays within a 78-character text line

  public Recipient {
    email = Texts.clean(email);
    name = Texts.clean(name);
    if (name.codePointCount(0, name.length()) > MAX_NAME) name = Texts.shorten(name, MAX_NAME);
    unsubscribeUrl = Texts.stripControls(unsubscribeUrl).strip();
    manageUrl = Texts.stripControls(manageUrl).strip();
    viewUrl = Texts.stripControls(viewUrl).strip();
    confirmUrl = Texts.stripControls(confirmUrl).strip();
  }

  /** A digest's recipient: every link but a confirmation link. */
  public Recipient(String email, String name, String unsubscribeUrl, String manageUrl, String viewUrl) {
    this(email, name, unsubscribeUrl, manageUrl, viewUrl, "");
  }

  /** "Hi Ada," or, without a name, "Hi,": a field of its own so the body around it stays shared. */
  public String greeting() {
    return name.isEmpty() ? "Hi," : "Hi " + name + ",";
  }
}
