package dev.paperboy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path home;

  @Test
  void withoutAFileTheBuiltInDefaultsApply() {
    PaperboyConfig c = new ConfigLoader(Map.of(), home).load(home.resolve("config/paperboy.yaml"), false);

    assertThat(c.storage().url()).startsWith("jdbc:h2:file:");
    assertThat(c.delivery().transport()).isEqualTo("maildir");
    assertThat(c.web().confirmTtl()).isEqualTo(Duration.ofHours(48));
    assertThat(c.resolve(c.templates().dir())).isEqualTo(home.resolve("templates"));
  }

  @Test
  void theFileOverridesDefaultsAndTheEnvironmentOverridesTheFile() throws IOException {
    Path file = write("""
        storage:
          url: jdbc:postgresql://127.0.0.1/paperboy
        smtp:
          host: mail.example.org
          password: in-the-file
        delivery:
          senders: 2
          max_age: 12h
        ingest:
          sources: [a.txt]
        """);
    Map<String, String> env = Map.of(
        "PAPERBOY_SMTP_PASSWORD", "from-env",
        "PAPERBOY_DELIVERY_SENDERS", "6",
        "PAPERBOY_MAIL_VERP", "true",
        "PAPERBOY_INGEST_SOURCES", "x.json, https://example.org/y.xml");

    PaperboyConfig c = new ConfigLoader(env, home).load(file, true);

    assertThat(c.storage().url()).isEqualTo("jdbc:postgresql://127.0.0.1/paperboy");
    assertThat(c.smtp().host()).isEqualTo("mail.example.org");
    assertThat(c.smtp().password()).isEqualTo("from-env");
    assertThat(c.delivery().senders()).isEqualTo(6);
    assertThat(c.delivery().maxAge()).isEqualTo(Duration.ofHours(12));
    assertThat(c.mail().verp()).isTrue();
    assertThat(c.ingest().sources()).containsExactly("x.json", "https://example.org/y.xml");
    assertThat(c.smtp().port()).isEqualTo(25);
  }

  @Test
  void everyProblemIsReportedWithItsLineAndColumn() throws IOException {
    Path file = write("""
        storage:
          ulr: jdbc:h2:file:data/x
        smtp:
          port: twenty-five
        """);

    assertThatThrownBy(() -> new ConfigLoader(Map.of(), home).load(file, true))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file + ":2:3: unknown key 'storage.ulr' (did you mean 'url'?)");
  }

  @Test
  void aBadValueNamesItsPathAndPlace() throws IOException {
    Path file = write("""
        delivery:
          transport: smpt
          max_age: soon
        """);

    assertThatThrownBy(() -> new ConfigLoader(Map.of(), home).load(file, true))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file + ":3:12: delivery.max_age: 'soon' is not a duration");
  }

  @Test
  void valuesOfTheWrongTypeAreAllReportedAtOnceWithUnknownKeysAndSenselessValues() throws IOException {
    Path file = write("""
        smtp:
          port: "twenty-five"
          securty: starttls
        delivery:
          max_age: "20 hours"
          senders: "four"
          transport: smpt
        """);

    assertThatThrownBy(() -> new ConfigLoader(Map.of(), home).load(file, true))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(Problem::toString)
            .containsExactly(
                file + ":2:9: smtp.port: expected a whole number",
                file + ":3:3: unknown key 'smtp.securty' (did you mean 'security'?)",
                file + ":5:12: delivery.max_age: '20 hours' is not a duration (write e.g. 30s, 5m, 48h, 2d)",
                file + ":6:12: delivery.senders: expected a whole number",
                file + ":7:14: delivery.transport: 'smpt' is not one of maildir, smtp (did you mean 'smtp'?)"));
  }

  @Test
  void eachWrongTypeSaysWhatTheSettingTakes() throws IOException {
    Path file = write("""
        mail:
          verp: "yes"
          from_name: {first: Paper, last: Boy}
        delivery:
          rate_per_second: fast
          rate_per_window: 1.5
        ingest:
          sources: [a.txt, [b.txt, c.txt]]
          timezone: [UTC]
        web: 8080
        """);
    Map<String, String> env = Map.of("PAPERBOY_SMTP_TIMEOUT", "a minute", "PAPERBOY_DELIVERY_RECORD_BATCH", "ten");

    assertThatThrownBy(() -> new ConfigLoader(env, home).load(file, true))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(Problem::toString)
            .containsExactly(
                file + ":2:9: mail.verp: expected true or false",
                file + ":3:14: mail.from_name: expected a single value, not a section",
                file + ":5:20: delivery.rate_per_second: expected a number",
                file + ":6:20: delivery.rate_per_window: expected a whole number",
                file + ":8:20: ingest.sources[1]: expected a single value, not a list",
                file + ":9:13: ingest.timezone: expected a single value, not a list",
                file + ":10:6: web: expected a section of keys",
                "environment PAPERBOY_DELIVERY_RECORD_BATCH: delivery.record_batch: expected a whole number",
                "environment PAPERBOY_SMTP_TIMEOUT: smtp.timeout: 'a minute' is not a duration (write e.g. 30s, 5m, 48h, 2d)"));
  }

  @Test
  void semanticProblemsAreAllReportedAtOnce() throws IOException {
    Path file = write("""
        storage:
          url: jdbc:mysql://localhost/x
        delivery:
          transport: smpt
        web:
          base_url: not a url
        """);

    assertThatThrownBy(() -> new ConfigLoader(Map.of(), home).load(file, true))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(Problem::toString)
            .containsExactly(
                file + ":2:8: storage.url: must be a jdbc:h2: or jdbc:postgresql: URL, not 'jdbc:mysql://localhost/x'",
                file + ":4:14: delivery.transport: 'smpt' is not one of maildir, smtp (did you mean 'smtp'?)",
                file + ":6:13: web.base_url: must be an absolute http(s) URL, not 'not a url'"));
  }

  @Test
  void theWebServersAddressLinksAndSecretsAreCheckedWithTheConfiguration() throws IOException {
    Path file = write("""
        web:
          host: 0.0.0.0.1
          base_url: "https://papers.example.org/digest?x=1#f"
          secrets: "v1:short"
        """);

    assertThatThrownBy(() -> new ConfigLoader(Map.of(), home).load(file, true))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(Problem::toString)
            .containsExactly(
                file + ":2:9: web.host: '0.0.0.0.1' is not an address to listen on (e.g. 127.0.0.1, 0.0.0.0, ::1 or a host name)",
                file + ":3:13: web.base_url: 'https://papers.example.org/digest?x=1#f' must not carry a query, a fragment"
                    + " or a user name: links are made by adding paths to it",
                file + ":4:12: web.secrets: secret v1 is too short (at least 16 characters)"));
    for (String host : new String[] {"127.0.0.1", "0.0.0.0", "::1", "[::1]", "::", "localhost", "papers.example.org"}) {
      Path ok = write("web:\n  host: \"" + host + "\"\n  base_url: https://papers.example.org/digest/\n"
          + "  secrets: \"v2:0123456789abcdef,v1:fedcba9876543210\"\n");
      assertThat(new ConfigLoader(Map.of(), home).load(ok, true).web().host()).isEqualTo(host);
    }
    for (String host : new String[] {"256.0.0.1", "1.2.3", "::g", "host name", "-bad.example"}) {
      Path bad = write("web:\n  host: \"" + host + "\"\n");
      assertThatThrownBy(() -> new ConfigLoader(Map.of(), home).load(bad, true)).as(host)
          .hasMessageContaining("web.host: '" + host + "' is not an address to listen on");
    }
  }

  @Test
  void storageKeepMustLeaveTheDigestsSelectionReadsAndZeroKeepsEverything() throws IOException {
    Path file = write("""
        storage:
          keep: 10d
          prune_cron: daily
        """);

    assertThatThrownBy(() -> new ConfigLoader(Map.of(), home).load(file, true))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(Problem::toString)
            .containsExactly(
                file + ":2:9: storage.keep: must be at least 40d, not 10d: selection reads the last 34 days of"
                    + " digests to know what was sent (0d keeps everything)",
                file + ":3:15: storage.prune_cron: 'daily' is not a Quartz cron expression (e.g. \"0 0 6 * * ?\")"));
    PaperboyConfig.Storage kept = new ConfigLoader(Map.of(), home).load(write("storage:\n  keep: 0d\n"), true).storage();
    assertThat(kept.prunes()).isFalse();
    PaperboyConfig.Storage defaults = new ConfigLoader(Map.of(), home).load(null, true).storage();
    assertThat(defaults.keep()).isEqualTo(java.time.Duration.ofDays(180));
    assertThat(defaults.prunes()).isTrue();
  }

  @Test
  void aBadEnvironmentValueNamesTheVariable() {
    Map<String, String> env = Map.of("PAPERBOY_SMTP_PORT", "abc");

    assertThatThrownBy(() -> new ConfigLoader(env, home).load(null, false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("environment PAPERBOY_SMTP_PORT: smtp.port: expected a whole number");
  }

  @Test
  void yamlSyntaxErrorsAndDuplicateKeysHaveLines() throws IOException {
    Path broken = write("storage:\n  url: \"unterminated\n");
    assertThatThrownBy(() -> new ConfigLoader(Map.of(), home).load(broken, true))
        .isInstanceOf(ConfigException.class)
        .hasMessageMatching("(?s).*paperboy\\.yaml:\\d+:\\d+: YAML syntax error: .*");

    Path duplicate = write("smtp:\n  host: a\n  host: b\n");
    assertThatThrownBy(() -> new ConfigLoader(Map.of(), home).load(duplicate, true))
        .hasMessageContaining(duplicate + ":3:3: duplicate key 'host' (first at line 2)");
  }

  @Test
  void aNamedFileThatDoesNotExistIsAnError() {
    Path missing = home.resolve("nope.yaml");
    assertThatThrownBy(() -> new ConfigLoader(Map.of(), home).load(missing, true))
        .isInstanceOf(ConfigException.class)
        .hasMessage(missing + ": file not found");
  }

  @Test
  void environmentNamesFollowThePath() {
    assertThat(ConfigLoader.envName("storage.url")).isEqualTo("PAPERBOY_STORAGE_URL");
    assertThat(ConfigLoader.envName("smtp.password")).isEqualTo("PAPERBOY_SMTP_PASSWORD");
    assertThat(ConfigLoader.envName("delivery.max_age")).isEqualTo("PAPERBOY_DELIVERY_MAX_AGE");
  }

  private Path write(String yaml) throws IOException {
    Path file = home.resolve("paperboy.yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
