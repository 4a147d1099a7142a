package dev.paperboy.render;

import dev.paperboy.config.Location;
import dev.paperboy.config.PaperboyConfig;
import dev.paperboy.select.Digest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.thymeleaf.context.Context;
import org.thymeleaf.exceptions.TemplateEngineException;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.FileTemplateResolver;

/**
 * Renders digests with the admin's templates ({@code digest.html}, {@code digest.txt}) from the
 * templates folder, read at run time so that restyling needs no rebuild. Parsed templates are
 * cached and dropped when a file in the folder changes ({@link TemplateWatch}).
 *
 * <p>A render holds placeholders instead of the subscriber's name, address and links, so one
 * render serves every subscriber whose digest has the same {@link #shapeKey shape}; see
 * {@link RenderCache}. Thread-safe.
 */
public final class DigestRenderer {
  public static final String HTML_TEMPLATE = "digest.html";
  public static final String TEXT_TEMPLATE = "digest.txt";
  /** How stale a template may be after an edit. */
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(2);

  /**
   * Gmail clips HTML past about 102 KB, hiding the footer and its unsubscribe link. A digest whose
   * HTML would pass this budget is rendered again with shorter abstracts, then without them
   * (50 papers of English fit with full abstracts; 50 of Greek or Chinese may not).
   */
  static final long HTML_BUDGET = 100 * 1024;
  private static final int[] ABSTRACT_STEPS = {DigestModel.MAX_ABSTRACT, 160, 0};
  /** A token URL is ~150 bytes; a 70-character name of ampersands escapes to 350. */
  private static final int FIELD_BYTES = 512;

  private static final Pattern LOCATION_SUFFIX = Pattern.compile("\\s*\\(template: \"[^\"]*\"(?: - line \\d+, col \\d+)?\\)\\s*$");

  static {
    RecordAccessor.register(DigestModel.class, DigestModel.SectionModel.class, DigestModel.PaperModel.class,
        DigestModel.SiteModel.class, DigestModel.RecipientModel.class);
    CachingOgnlCompiler.install();
  }

  private final Path dir;
  private final Path shownDir;
  private final RenderSettings settings;
  private final DigestModel.SiteModel site;
  private final WatchedEngine templates;
  private final DigestShape shapes = new DigestShape();

  public DigestRenderer(Path templatesDir, RenderSettings settings) {
    this(templatesDir, settings, DEFAULT_CHECK_INTERVAL);
  }

  /**
   * @param checkInterval how often to look for edited templates (zero: before every render)
   * @throws RenderException when the folder or one of the two templates is missing
   */
  public DigestRenderer(Path templatesDir, RenderSettings settings, Duration checkInterval) {
    this.dir = templatesDir.toAbsolutePath().normalize();
    this.shownDir = shown(templatesDir);
    this.settings = Objects.requireNonNull(settings, "settings");
    this.site = new DigestModel.SiteModel(settings.siteName(), settings.baseUrl(), settings.listName());
    if (!Files.isDirectory(dir)) throw new RenderException(Location.of(shownDir.toString()), "templates folder not found", null);
    for (String name : new String[] {HTML_TEMPLATE, TEXT_TEMPLATE}) {
      if (!Files.isRegularFile(dir.resolve(name))) throw new RenderException(Location.of(shownName(name)), "template not found", null);
    }
    this.templates = new WatchedEngine(dir, checkInterval);
  }

  /** The renderer for {@code templates.dir}, {@code web.base_url} and the mail names. */
  public static DigestRenderer fromConfig(PaperboyConfig config) {
    return new DigestRenderer(config.resolve(config.templates().dir()), RenderSettings.from(config));
  }

  public RenderSettings settings() {
    return settings;
  }

  /** Equal keys, identical renders: see {@link DigestShape}. */
  public String shapeKey(Digest digest) {
    return shapes.key(digest);
  }

  /** Changes whenever the templates changed on disk: renders made before are stale. */
  public long templatesGeneration() {
    return templates.generation();
  }

  /**
   * Renders a digest for every subscriber of its shape.
   *
   * @throws RenderException when a template fails, naming its file, line and column
   */
  public RenderedDigest render(Digest digest) {
    return render(digest, shapeKey(digest));
  }

  RenderedDigest render(Digest digest, String shapeKey) {
    templatesGeneration();
    DigestModel model = DigestModel.of(digest);
    Context ctx = context(model);
    SplicedText html = html(ctx);
    for (int step = 1; step < ABSTRACT_STEPS.length && overBudget(html); step++) {
      DigestModel smaller = DigestModel.of(digest, ABSTRACT_STEPS[step]);
      html = html(context(smaller));
    }
    // the text part is never clipped: it keeps the full abstracts
    SplicedText text = splice(TEXT_TEMPLATE, TextLayout.format(process(TEXT_TEMPLATE, ctx)));
    return new RenderedDigest(shapeKey, model.subject(), model.preheader(), html, text);
  }

  private SplicedText html(Context ctx) {
    return splice(HTML_TEMPLATE, compactHtml(process(HTML_TEMPLATE, ctx)));
  }

  private Context context(DigestModel model) {
    Context ctx = new Context(Locale.ENGLISH);
    ctx.setVariable("digest", model);
    ctx.setVariable("site", site);
    ctx.setVariable("recipient", DigestModel.RecipientModel.MARKERS);
    ctx.setVariable("subject", model.subject());
    ctx.setVariable("preheader", model.preheader());
    return ctx;
  }

  /**
   * Whether {@link #htmlBytes} passes the budget. UTF-8 takes at most 3 bytes per char (4 per surrogate
   * pair): most digests are so far under it that counting exactly (a tenth of a render) tells nothing more.
   */
  static boolean overBudget(SplicedText html) {
    long atMost = (long) html.fields().size() * FIELD_BYTES + 3L * html.literalLength();
    return atMost > HTML_BUDGET && htmlBytes(html) > HTML_BUDGET;
  }

  /** UTF-8 size once spliced, counting each field at its worst plausible escaped length. */
  static long htmlBytes(SplicedText html) {
    long n = (long) html.fields().size() * FIELD_BYTES;
    for (String s : html.literals()) n += utf8Length(s);
    return n;
  }

  private static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) n++;
      else if (c < 0x800) n += 2;
      else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else n += 3;
    }
    return n;
  }

  private String process(String template, Context ctx) {
    RenderBuffer out = RenderBuffer.ofThread();
    try {
      templates.engine().process(template, ctx, out);
    } catch (TemplateEngineException e) {
      throw located(template, e);
    }
    return out.toString();
  }

  private SplicedText splice(String template, String rendered) {
    try {
      return SplicedText.parse(rendered);
    } catch (IllegalArgumentException e) {
      // only a template can carry a private-use character: data is cleaned of them
      throw new RenderException(Location.of(shownName(template)), "the template contains a private-use character (" + e.getMessage() + ")", e);
    }
  }

  /** "templates/digest.html:12:5: message" from the innermost exception that knows the place. */
  private RenderException located(String template, TemplateEngineException e) {
    TemplateProcessingException where = null;
    Throwable root = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TemplateProcessingException p && p.hasLineAndCol()) where = p;
      root = t;
    }
    String name = where != null && where.hasTemplateName() ? where.getTemplateName() : template;
    Location loc = Location.of(shownName(name));
    if (where != null) {
      Path file = Path.of(name).isAbsolute() ? Path.of(name) : dir.resolve(name);
      loc = new Location(loc.file(), TemplateLines.originalLine(file, name.endsWith(".txt"), where.getLine()), where.getCol());
    }
    String message = LOCATION_SUFFIX.matcher(String.valueOf((where != null ? where : e).getMessage())).replaceFirst("");
    if (root != e && root != where && root.getMessage() != null && !message.contains(root.getMessage())) {
      message += ": " + LOCATION_SUFFIX.matcher(root.getMessage()).replaceFirst("");
    }
    return new RenderException(loc, message, e);
  }

  private String shownName(String template) {
    Path p = Path.of(template);
    if (p.isAbsolute() && p.startsWith(dir)) p = dir.relativize(p);
    return shownDir.resolve(p).toString();
  }

  /** The folder as the admin knows it: relative to the working directory when inside it. */
  static Path shown(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    Path cwd = Path.of("").toAbsolutePath();
    return abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs) : abs;
  }

  static FileTemplateResolver resolver(Path dir) {
    FileTemplateResolver r = new FileTemplateResolver();
    r.setPrefix(dir.toString() + File.separator);
    r.setCharacterEncoding("UTF-8");
    r.setTemplateMode(TemplateMode.HTML);
    r.setHtmlTemplateModePatterns(Set.of("*.html", "*.htm"));
    r.setTextTemplateModePatterns(Set.of("*.txt"));
    r.setCheckExistence(true);
    r.setCacheable(true); // until TemplateWatch sees an edit
    return r;
  }

  /**
   * Drops the template's indentation and blank lines (bytes count against Gmail's ~102 KB clip)
   * and normalises line ends. Left alone when the document has preformatted text, where spaces matter.
   */
  static String compactHtml(String html) {
    String s = html.indexOf('\r') < 0 ? html : html.replace("\r\n", "\n").replace('\r', '\n');
    if (hasPreformatted(s)) return s.endsWith("\n") ? s : s + "\n";
    // line by line, each line's text after its indentation copied at once, into the thread's render
    // buffer (the render was read out of it already)
    int n = s.length();
    RenderBuffer b = RenderBuffer.ofThread();
    boolean lineStart = false;
    int i = 0;
    while (i < n) {
      if (lineStart) {
        char c = s.charAt(i);
        if (c == ' ' || c == '\t' || c == '\n') {
          i++;
          continue;
        }
      }
      int nl = s.indexOf('\n', i);
      int end = nl < 0 ? n : nl + 1;
      b.write(s, i, end - i);
      i = end;
      lineStart = nl >= 0;
    }
    if (!lineStart) b.write('\n');
    return b.toString();
  }

  /**
   * {@code s.contains("<pre") || s.contains("<textarea")}, by looking only after each {@code '<'}: a
   * render is UTF-16 (it holds the placeholder markers), where {@code String.contains} of a Latin-1
   * string compares char by char; the search for one char is vectorised. It was a sixth of a render.
   */
  static boolean hasPreformatted(String s) {
    for (int i = s.indexOf('<'); i >= 0; i = s.indexOf('<', i + 1)) {
      if (s.startsWith("pre", i + 1) || s.startsWith("textarea", i + 1)) return true;
    }
    return false;
  }

}
