package dev.paperboy.web;

import io.javalin.http.Context;

/**
 * The address a request comes from, for rate limits. Paperboy listens on loopback, so in production
 * a reverse proxy is the peer of every request; with {@code web.client_ip_header} set, the client is
 * the last address in that header: the one the proxy itself added, which a client cannot forge (an
 * {@code X-Forwarded-For} sent by the client only adds addresses to the left of it).
 */
final class ClientAddress {
  private final String header;

  /** @param header web.client_ip_header; empty: the peer address */
  ClientAddress(String header) {
    this.header = header == null ? "" : header.strip();
  }

  String of(Context ctx) {
    if (!header.isEmpty()) {
      String value = ctx.header(header);
      if (value != null && !value.isBlank()) {
        int comma = value.lastIndexOf(',');
        String last = (comma < 0 ? value : value.substring(comma + 1)).strip();
        if (!last.isEmpty() && last.length() <= 64) return last;
      }
    }
    return ctx.ip();
  }
}
