package dev.paperboy.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;

/**
 * Where the route classes register their routes. Every GET also answers HEAD, with the same status and
 * headers (Jetty leaves the body out): Javalin's own answer to a HEAD without a route of its own is an
 * empty {@code text/plain} 200, whatever GET would have said, and a known path without the method
 * answers 405 listing what it takes ({@code Allow}), so HEAD belongs in that list.
 */
final class Router {
  private final RoutesConfig routes;

  Router(RoutesConfig routes) {
    this.routes = routes;
  }

  /** GET and HEAD; GET never changes anything here, so neither does HEAD. */
  void get(String path, Handler handler) {
    routes.get(path, handler);
    routes.head(path, handler);
  }

  void post(String path, Handler handler) {
    routes.post(path, handler);
  }
}
