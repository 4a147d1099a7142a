package dev.paperboy.config;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.quartz.CronExpression;

/** Checks that bound configuration values make sense together; binding has already checked their types. */
final class ConfigValidator {
  private static final String DOMAIN = "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*";
  private final ConfigLoader.Sources sources;
  private final List<Problem> problems = new ArrayList<>();

  ConfigValidator(ConfigLoader.Sources sources) {
    this.sources = sources;
  }

  List<Problem> validate(PaperboyConfig c) {
    String url = c.storage().url();
    if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
      error("storage.url", "must be a jdbc:h2: or jdbc:postgresql: URL, not '" + url + "'");
    }
    positive("storage.pool_size", c.storage().poolSize());
    if (!c.storage().keep().isZero()) {
      PaperboyConfig.Storage.keepProblem(c.storage().keep()).ifPresent(p -> error("storage.keep", p + " (0d keeps everything)"));
    }
    cron("storage.prune_cron", c.storage().pruneCron());

    cron("ingest.cron", c.ingest().cron());
    zone("ingest.timezone", c.ingest().timezone());
    positive("ingest.connect_timeout", c.ingest().connectTimeout());
    positive("ingest.read_timeout", c.ingest().readTimeout());

    address("mail.from_address", c.mail().fromAddress(), false);
    address("mail.reply_to", c.mail().replyTo(), true);
    address("mail.unsubscribe_mailto", c.mail().unsubscribeMailto(), true);
    address("mail.bounce_address", c.mail().bounceAddress(), true);
    if (!c.mail().domain().matches(DOMAIN)) {
      error("mail.domain", "'" + c.mail().domain() + "' is not a domain name");
    }
    noLineBreaks("mail.from_name", c.mail().fromName());
    noLineBreaks("mail.list_name", c.mail().listName());
    noLineBreaks("mail.feedback_id", c.mail().feedbackId());

    oneOf("delivery.transport", c.delivery().transport(), Set.of("smtp", "maildir"));
    positive("delivery.senders", c.delivery().senders());
    positive("delivery.batch_size", c.delivery().batchSize());
    positive("delivery.max_attempts", c.delivery().maxAttempts());
    positive("delivery.lease", c.delivery().lease());
    positive("delivery.retry_initial", c.delivery().retryInitial());
    positive("delivery.retry_max", c.delivery().retryMax());
    positive("delivery.max_age", c.delivery().maxAge());
    positive("delivery.poll_interval", c.delivery().pollInterval());
    positive("delivery.record_batch", c.delivery().recordBatch());
    positive("delivery.rate_window", c.delivery().rateWindow());
    if (c.delivery().ratePerSecond() < 0) error("delivery.rate_per_second", "must be 0 (unlimited) or more");
    if (c.delivery().ratePerWindow() < 0) error("delivery.rate_per_window", "must be 0 (unlimited) or more");
    if (c.delivery().bounceLimit() < 0) error("delivery.bounce_limit", "must be 0 (never stop) or more");
    positive("delivery.bounce_window", c.delivery().bounceWindow());

    positive("serve.chunk_size", c.serve().chunkSize());

    port("smtp.port", c.smtp().port());
    oneOf("smtp.security", c.smtp().security(), Set.of("none", "starttls", "smtps"));
    positive("smtp.connect_timeout", c.smtp().connectTimeout());
    positive("smtp.timeout", c.smtp().timeout());

    port("web.port", c.web().port());
    String host = c.web().host();
    if (host.matches("[0-9.]+") ? !isIpLiteral(host) : !host.matches(DOMAIN) && !isIpLiteral(host)) {
      error("web.host", "'" + host + "' is not an address to listen on (e.g. 127.0.0.1, 0.0.0.0, ::1 or a host name)");
    }
    if (!isHttpUrl(c.web().baseUrl())) {
      error("web.base_url", "must be an absolute http(s) URL, not '" + c.web().baseUrl() + "'");
    } else if (!isBaseUrl(c.web().baseUrl())) {
      error("web.base_url", "'" + c.web().baseUrl() + "' must not carry a query, a fragment or a user name: links are"
          + " made by adding paths to it");
    }
    if (!c.web().secrets().isBlank()) {
      try {
        SecretSpec.parse(c.web().secrets());
      } catch (IllegalArgumentException e) {
        error("web.secrets", e.getMessage());
      }
    }
    positive("web.confirm_ttl", c.web().confirmTtl());
    positive("web.subscribe_per_ip_per_hour", c.web().subscribePerIpPerHour());
    positive("web.subscribe_per_email_per_day", c.web().subscribePerEmailPerDay());
    if (!c.web().clientIpHeader().isEmpty() && !c.web().clientIpHeader().matches("[A-Za-z0-9-]+")) {
      error("web.client_ip_header", "'" + c.web().clientIpHeader() + "' is not a header name");
    }

    boolean anyDkim = !c.dkim().privateKey().isBlank() || !c.dkim().selector().isBlank();
    if (anyDkim && (c.dkim().privateKey().isBlank() || c.dkim().selector().isBlank())) {
      error(c.dkim().privateKey().isBlank() ? "dkim.private_key" : "dkim.selector",
          "DKIM signing needs both dkim.private_key and dkim.selector");
    }
    if (!c.dkim().selector().isBlank() && !c.dkim().selector().matches("[A-Za-z0-9]([A-Za-z0-9_-]*)(\\.[A-Za-z0-9_-]+)*")) {
      error("dkim.selector", "'" + c.dkim().selector() + "' is not a DKIM selector (letters, digits, -, _ and dots)");
    }
    if (!c.dkim().domain().isBlank() && !c.dkim().domain().matches(DOMAIN)) {
      error("dkim.domain", "'" + c.dkim().domain() + "' is not a domain name");
    }
    if (!c.dkim().privateKey().isBlank()) rsaPrivateKey("dkim.private_key", c.resolve(c.dkim().privateKey()));
    return problems;
  }

  private static boolean isHttpUrl(String value) {
    try {
      URI u = new URI(value);
      return u.getScheme() != null && u.getScheme().matches("https?") && u.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean isBaseUrl(String value) {
    URI u = URI.create(value);
    return u.getRawQuery() == null && u.getRawFragment() == null && u.getRawUserInfo() == null;
  }

  /** IPv4 dotted quads and IPv6 literals (with or without brackets), as Jetty binds them. */
  private static boolean isIpLiteral(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.matches("(\\d{1,3})(\\.\\d{1,3}){3}")) {
      for (String octet : h.split("\\.")) if (Integer.parseInt(octet) > 255) return false;
      return true;
    }
    return h.contains(":") && h.matches("[0-9A-Fa-f:.]+") && isInet(h);
  }

  private static boolean isInet(String literal) {
    try {
      // a literal (only hex digits, colons and dots) is parsed, never looked up
      InetAddress.getByName(literal);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private void error(String path, String message) {
    problems.add(Problem.error(sources.locate(path), path + ": " + message));
  }

  private void positive(String path, int value) {
    if (value <= 0) error(path, "must be at least 1");
  }

  private void positive(String path, Duration value) {
    if (value.isNegative() || value.isZero()) error(path, "must be longer than zero");
  }

  private void cron(String path, String value) {
    if (!CronExpression.isValidExpression(value)) {
      error(path, "'" + value + "' is not a Quartz cron expression (e.g. \"0 0 6 * * ?\")");
    }
  }

  private void port(String path, int value) {
    if (value < 0 || value > 65535) error(path, value + " is not a port number (0-65535)");
  }

  private void oneOf(String path, String value, Set<String> allowed) {
    if (!allowed.contains(value)) {
      error(path, "'" + value + "' is not one of " + String.join(", ", allowed.stream().sorted().toList())
          + Suggestions.didYouMean(value, allowed));
    }
  }

  private void zone(String path, String value) {
    try {
      ZoneId.of(value);
    } catch (DateTimeException e) {
      error(path, "'" + value + "' is not a time zone (e.g. UTC, Europe/London)");
    }
  }

  private void noLineBreaks(String path, String value) {
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) error(path, "must be a single line");
  }

  private void address(String path, String value, boolean optional) {
    if (value.isBlank()) {
      if (!optional) error(path, "an email address is required");
      return;
    }
    try {
      new InternetAddress(value, true).validate();
      if (!value.contains("@")) error(path, "'" + value + "' is not an email address");
    } catch (AddressException e) {
      error(path, "'" + value + "' is not an email address: " + e.getMessage());
    }
  }

  /** An unencrypted PKCS#8 RSA private key in PEM, as {@code paperboy dkim keygen} writes it. */
  private void rsaPrivateKey(String path, Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      error(path, "cannot read " + file + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
      return;
    }
    Matcher m = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----").matcher(text);
    if (!m.find() || !m.group(1).equals("PRIVATE KEY")) {
      error(path, file + " is not an unencrypted PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)"
          + (m.find(0) && m.group(1).equals("RSA PRIVATE KEY") ? "; convert it: openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW" : ""));
      return;
    }
    try {
      KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(2))));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      error(path, file + " is not an RSA private key: " + e.getMessage());
    }
  }
}
