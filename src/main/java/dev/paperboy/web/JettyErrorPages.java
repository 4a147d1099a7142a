package dev.paperboy.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's error handler, for the requests Jetty refuses before the app sees them: a URI that does
 * not decode ({@code /manage/%00%ff}, {@code /%}), a bad request line or header. Without it they got
 * Jetty's bare page, in ISO-8859-1, without the security headers; with it, the app's own notice page
 * ({@link Responses#forStatus}) with the headers every page carries.
 */
final class JettyErrorPages implements Request.Handler {
  private static final Logger log = LoggerFactory.getLogger(JettyErrorPages.class);

  private final Pages pages;

  JettyErrorPages(Pages pages) {
    this.pages = pages;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus() >= 400 ? response.getStatus() : statusOf(request);
    String nonce = SecurityHeaders.newNonce();
    String html;
    try {
      html = pages.render("notice", Map.of("notice", Responses.forStatus(status, pages.site())), nonce);
    } catch (RuntimeException e) {
      // a broken notice template must not turn an error page into no answer at all
      log.error("rendering the {} page failed: {}", status, e.toString(), e);
      html = "<!DOCTYPE html><html lang=\"en\"><title>Error " + status + "</title><p>Error " + status + "</p></html>";
    }
    response.setStatus(status);
    SecurityHeaders.forPage(nonce).forEach((name, value) -> response.getHeaders().put(name, value));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Pages.HTML);
    response.write(true, ByteBuffer.wrap(html.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }

  private static int statusOf(Request request) {
    return request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer i ? i : 500;
  }
}
