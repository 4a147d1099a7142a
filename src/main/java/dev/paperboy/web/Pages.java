package dev.paperboy.web;

import dev.paperboy.render.PageRenderer;
import io.javalin.http.Context;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the web app's pages ({@code templates/web/*.html}) into responses, adding what every page
 * needs: the site's names, its path (for links to /static), and the CSP nonce of its {@code <style>}.
 */
final class Pages {
  /** Pages say their charset: a browser must not guess it for a subscriber's name in Greek. */
  static final String HTML = "text/html; charset=utf-8";
  private static final String SHOWN = "paperboy.pageShown";

  /** The page templates that must exist; {@code layout.html} holds the parts they share. */
  static final List<String> REQUIRED = List.of("layout", "form", "subscribe", "manage", "action", "confirm", "notice");

  /**
   * What pages show of the site.
   *
   * @param path the path of web.base_url without a trailing slash ("" at the root), for /static links
   */
  record Site(String name, String listName, String path) {
    static Site of(String name, String listName, String baseUrl) {
      String p = URI.create(baseUrl.strip()).getRawPath();
      return new Site(name, listName, p == null ? "" : p.replaceAll("/+$", ""));
    }
  }

  /**
   * A page that says one thing and perhaps offers one link.
   *
   * @param tone ok, info, warn or error: the icon and colour
   */
  record Notice(String title, String heading, String text, String linkUrl, String linkLabel, String tone) {
    static Notice of(String tone, String heading, String text) {
      return new Notice(heading, heading, text, null, null, tone);
    }

    Notice withLink(String url, String label) {
      return new Notice(title, heading, text, url, label, tone);
    }
  }

  /**
   * A page with one button, posting to itself.
   *
   * @param csrf   the form's CSRF field, or null (posts to token URLs take none, see Csrf)
   * @param hidden one hidden field's name and value, or null
   */
  record Action(String title, String heading, String text, String button, boolean danger, String csrf,
      String hiddenName, String hiddenValue) {}

  static {
    PageRenderer.readable(Site.class, Notice.class, Action.class, FormView.class, FormView.TopicOption.class,
        FormView.Option.class, FormView.FieldError.class, ManageView.class, ManageView.Summary.class, ConfirmView.class);
  }

  private final PageRenderer renderer;
  private final Site site;

  Pages(PageRenderer renderer, Site site) {
    this.renderer = renderer;
    this.site = site;
  }

  void show(Context ctx, int status, String page, Map<String, ?> variables) {
    ctx.attribute(SHOWN, true);
    ctx.status(status).contentType(HTML).result(render(page, variables, SecurityHeaders.nonce(ctx)));
  }

  void notice(Context ctx, int status, Notice notice) {
    show(ctx, status, "notice", Map.of("notice", notice));
  }

  /** A page as text, for a response Jetty sends without the app (see {@link JettyErrorPages}). */
  String render(String page, Map<String, ?> variables, String nonce) {
    Map<String, Object> all = new HashMap<>(variables);
    all.put("site", site);
    all.put("nonce", nonce);
    all.put("csrfField", Csrf.FIELD);
    return renderer.render(page, all);
  }

  /**
   * Whether a page has been rendered into this response: Javalin's error handlers run on a status
   * whoever set it, and must not replace a page of ours (the form with its errors is a 400).
   */
  static boolean shown(Context ctx) {
    return ctx.attribute(SHOWN) != null;
  }

  void action(Context ctx, Action action) {
    show(ctx, 200, "action", Map.of("action", action));
  }

  Site site() {
    return site;
  }
}
