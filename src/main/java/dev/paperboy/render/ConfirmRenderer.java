package dev.paperboy.render;

import dev.paperboy.config.Location;
import dev.paperboy.config.PaperboyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.thymeleaf.context.Context;
import org.thymeleaf.exceptions.TemplateEngineException;

/**
 * Renders the mail a web sign-up gets ({@code confirm.html}, {@code confirm.txt} in the templates
 * folder, admin-editable like the digest templates). Like a digest it is rendered once with markers
 * in place of the recipient's values, which the sender fills per row, so every confirmation shares
 * one stored body.
 *
 * <p>Two variants: the double opt-in link for a new or pending address, and, for an address that is
 * already subscribed, a note with the manage link instead (signing up again is how people find a
 * lost manage link; the form answers the same in both cases, so it never tells who is subscribed).
 */
public final class ConfirmRenderer {
  public static final String HTML_TEMPLATE = "confirm.html";
  public static final String TEXT_TEMPLATE = "confirm.txt";
  private static final long SECONDS_A_DAY = 24 * 60 * 60;

  public enum Variant {
    /** Confirm this address: the only mail an unconfirmed address ever gets. */
    CONFIRM,
    /** The address is already subscribed: here is the manage link. */
    ALREADY_SUBSCRIBED
  }

  /**
   * What the confirmation templates see as {@code confirm}.
   *
   * @param subscribed true in the already-subscribed variant
   * @param ttl        how long the link works, in words: "48 hours"
   */
  public record ConfirmModel(String subject, String preheader, boolean subscribed, String ttl) {}

  /**
   * What the confirmation templates see as {@code recipient}: the address and links as markers, filled
   * per row. Nothing typed into the sign-up form reaches this mail: it goes to an address that has not
   * opted in, and a name field would let anyone put their own words in a mail we send to anyone.
   *
   * @param greeting always {@value #GREETING}, and {@code name} always empty: kept so that templates
   *                 written when they held the typed name still render
   */
  public record ConfirmRecipientModel(String greeting, String name, String email, String confirmUrl,
      String manageUrl, String unsubscribeUrl) {
    public static final String GREETING = "Hello,";
    static final ConfirmRecipientModel MARKERS = new ConfirmRecipientModel(GREETING, "", Field.EMAIL.marker(),
        Field.CONFIRM_URL.marker(), Field.MANAGE_URL.marker(), Field.UNSUBSCRIBE_URL.marker());
  }

  static {
    RecordAccessor.register(ConfirmModel.class, ConfirmRecipientModel.class, DigestModel.SiteModel.class);
  }

  private final Path dir;
  private final Path shownDir;
  private final RenderSettings settings;
  private final Duration ttl;
  private final WatchedEngine templates;
  private final Map<Variant, RenderedDigest> renders = new EnumMap<>(Variant.class);
  private long renderedGeneration = -1;

  /**
   * @throws RenderException when the folder or one of the two templates is missing
   */
  public ConfirmRenderer(Path templatesDir, RenderSettings settings, Duration ttl) {
    this.dir = templatesDir.toAbsolutePath().normalize();
    this.shownDir = DigestRenderer.shown(templatesDir);
    this.settings = settings;
    this.ttl = ttl;
    for (String name : new String[] {HTML_TEMPLATE, TEXT_TEMPLATE}) {
      if (!Files.isRegularFile(dir.resolve(name))) {
        throw new RenderException(Location.of(shownDir.resolve(name).toString()),
            "template not found (copy it from the templates folder of the Paperboy distribution)", null);
      }
    }
    this.templates = new WatchedEngine(dir, DigestRenderer.DEFAULT_CHECK_INTERVAL);
  }

  public static ConfirmRenderer fromConfig(PaperboyConfig config) {
    return new ConfirmRenderer(config.resolve(config.templates().dir()), RenderSettings.from(config),
        config.web().confirmTtl());
  }

  /** The shared render of one variant; rendered again after the templates change. */
  public synchronized RenderedDigest render(Variant variant) {
    long generation = templates.generation();
    if (generation != renderedGeneration) {
      renders.clear();
      renderedGeneration = generation;
    }
    return renders.computeIfAbsent(variant, this::renderNow);
  }

  private RenderedDigest renderNow(Variant variant) {
    boolean subscribed = variant == Variant.ALREADY_SUBSCRIBED;
    String subject = subscribed ? "Your subscription to " + settings.listName()
        : "Confirm your subscription to " + settings.listName();
    String preheader = subscribed ? "You are already subscribed: change your topics or unsubscribe here."
        : "One click to start getting trending papers on your topics.";
    Context ctx = new Context(Locale.ENGLISH);
    ctx.setVariable("site", new DigestModel.SiteModel(settings.siteName(), settings.baseUrl(), settings.listName()));
    ctx.setVariable("recipient", ConfirmRecipientModel.MARKERS);
    ctx.setVariable("confirm", new ConfirmModel(subject, preheader, subscribed, words(ttl)));
    ctx.setVariable("subject", subject);
    ctx.setVariable("preheader", preheader);
    SplicedText html = splice(HTML_TEMPLATE, DigestRenderer.compactHtml(process(HTML_TEMPLATE, ctx)));
    SplicedText text = splice(TEXT_TEMPLATE, TextLayout.format(process(TEXT_TEMPLATE, ctx)));
    return new RenderedDigest(variant.name().toLowerCase(Locale.ROOT), subject, preheader, html, text);
  }

  private String process(String template, Context ctx) {
    try {
      return templates.engine().process(template, ctx);
    } catch (TemplateEngineException e) {
      throw new RenderException(Location.of(shownDir.resolve(template).toString()), String.valueOf(e.getMessage()), e);
    }
  }

  private SplicedText splice(String template, String rendered) {
    try {
      return SplicedText.parse(rendered);
    } catch (IllegalArgumentException e) {
      throw new RenderException(Location.of(shownDir.resolve(template).toString()),
          "the template contains a private-use character (" + e.getMessage() + ")", e);
    }
  }

  /**
   * How long a link works, for people: "48 hours", "7 days", "1 hour 30 minutes", "45 seconds". Each
   * part is exact (a fraction of a second aside), so a short {@code web.confirm_ttl} is never said
   * as "0 hours".
   */
  static String words(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < 1) return "less than a second";
    // days only from three on: "48 hours" is how people say the usual two days
    long days = seconds >= 3 * SECONDS_A_DAY ? seconds / SECONDS_A_DAY : 0;
    long rest = seconds - days * SECONDS_A_DAY;
    List<String> parts = new ArrayList<>(4);
    if (days > 0) parts.add(plural(days, "day"));
    if (rest / 3600 > 0) parts.add(plural(rest / 3600, "hour"));
    if (rest % 3600 / 60 > 0) parts.add(plural(rest % 3600 / 60, "minute"));
    if (rest % 60 > 0) parts.add(plural(rest % 60, "second"));
    return String.join(" ", parts);
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
