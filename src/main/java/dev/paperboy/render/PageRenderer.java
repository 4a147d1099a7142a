package dev.paperboy.render;

import dev.paperboy.config.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.thymeleaf.context.Context;
import org.thymeleaf.exceptions.TemplateEngineException;

/**
 * Renders the web app's pages from {@code web/*.html} in the templates folder (HTML mode: whatever a
 * template prints with {@code th:text} or {@code th:value} is escaped), read at run time like the
 * digest templates so that an admin can restyle them without a rebuild. Thread-safe.
 */
public final class PageRenderer {
  public static final String FOLDER = "web";

  private final Path dir;
  private final Path shownDir;
  private final WatchedEngine templates;

  /**
   * @param pages the pages that must exist (names without folder and extension: "subscribe")
   * @throws RenderException naming the first missing page
   */
  public PageRenderer(Path templatesDir, List<String> pages) {
    this(templatesDir, pages, DigestRenderer.DEFAULT_CHECK_INTERVAL);
  }

  PageRenderer(Path templatesDir, List<String> pages, Duration checkInterval) {
    this.dir = templatesDir.toAbsolutePath().normalize();
    this.shownDir = DigestRenderer.shown(templatesDir);
    for (String page : pages) {
      if (!Files.isRegularFile(dir.resolve(file(page)))) {
        throw new RenderException(Location.of(shownDir.resolve(file(page)).toString()),
            "page template not found (copy templates/" + FOLDER + "/ from the Paperboy distribution)", null);
      }
    }
    this.templates = new WatchedEngine(dir, checkInterval);
  }

  /** Lets templates read the components of these records as {@code ${form.email}}. */
  public static void readable(Class<?>... records) {
    RecordAccessor.register(records);
  }

  /**
   * @param page      "subscribe" for {@code web/subscribe.html}
   * @param variables what the template sees
   * @throws RenderException when the template fails, naming it
   */
  public String render(String page, Map<String, ?> variables) {
    templates.generation();
    Context ctx = new Context(Locale.ENGLISH);
    variables.forEach(ctx::setVariable);
    try {
      return templates.engine().process(file(page), ctx);
    } catch (TemplateEngineException e) {
      throw new RenderException(Location.of(shownDir.resolve(file(page)).toString()), String.valueOf(e.getMessage()), e);
    }
  }

  private static String file(String page) {
    return FOLDER + "/" + page + ".html";
  }
}
