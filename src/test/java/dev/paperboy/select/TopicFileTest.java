package dev.paperboy.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.config.ConfigException;
import dev.paperboy.config.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicFileTest {
  private static final CatalogView SEEDS = CatalogView.inMemory(Seeds.papers());

  @TempDir Path dir;

  @Test
  void theIssuesExampleLoads() {
    TopicFile f = TopicFile.parse("topics.yaml", """
        defaults: {timezone: UTC, send_at: "08:00", frequency: daily, max_papers: 10, send_empty: false}
        topics:
          diffusion:
            title: Diffusion models
            query: 'diffusion OR "score-based" OR denoising'   # Lucene query syntax
          ssm:
            title: State space models
            query: 'mamba OR "state space"'
          like-radd:
            title: Papers like RADD
            like: ["Your Absorbing Discrete Diffusion Secretly Models the Conditional Distributions of Clean Data"]
        subscribers:
          - email: ada@example.org
            name: Ada Lovelace
            topics: [diffusion, ssm]
            exclude: 'astrophysics OR exoplanet'
            timezone: Europe/London
            send_at: "07:30"
            frequency: daily
            max_papers: 8
          - email: bob@example.org
            topics: [like-radd, {title: Mamba only, query: mamba}]
            frequency: weekly:fri
            paused: true
        """, SEEDS);

    assertThat(f.warnings()).isEmpty();
    assertThat(f.topics()).containsOnlyKeys("diffusion", "ssm", "like-radd");
    assertThat(f.topics().get("like-radd").like()).containsExactly(Seeds.RADD);
    assertThat(f.entries()).hasSize(2);
    Subscriber ada = f.entries().get(0).subscriber();
    assertThat(ada.email()).isEqualTo("ada@example.org");
    assertThat(ada.name()).isEqualTo("Ada Lovelace");
    assertThat(ada.topics()).extracting(Topic::key).containsExactly("diffusion", "ssm");
    assertThat(ada.exclude()).isEqualTo("astrophysics OR exoplanet");
    assertThat(ada.timezone()).isEqualTo(ZoneId.of("Europe/London"));
    assertThat(ada.sendAt()).isEqualTo(LocalTime.of(7, 30));
    assertThat(ada.frequency()).isEqualTo(Frequency.DAILY);
    assertThat(ada.maxPapers()).isEqualTo(8);
    assertThat(ada.origin()).isEqualTo(Subscriber.Origin.FILE);
    assertThat(ada.id()).isNull();
    assertThat(f.entries().get(0).paused()).isFalse();

    TopicFile.Entry bob = f.entries().get(1);
    assertThat(bob.paused()).isTrue();
    assertThat(bob.subscriber().frequency()).isEqualTo(Frequency.weekly(DayOfWeek.FRIDAY));
    assertThat(bob.subscriber().maxPapers()).isEqualTo(10);
    assertThat(bob.subscriber().sendAt()).isEqualTo(LocalTime.of(8, 0));
    Topic inline = bob.subscriber().topics().get(1);
    assertThat(inline.title()).isEqualTo("Mamba only");
    assertThat(inline.key()).startsWith("~");
  }

  @Test
  void equalInlineTopicsGetEqualKeys() {
    TopicFile f = TopicFile.parse("t.yaml", """
        subscribers:
          - {email: a@example.org, topics: [{title: Mamba, query: 'mamba  OR ssm'}]}
          - {email: b@example.org, topics: [{title: Mamba, query: 'mamba OR ssm'}]}
          - {email: c@example.org, topics: [{title: Mamba, query: 'mamba'}]}
        """, PaperLookup.NONE);

    List<String> keys = f.subscribers().stream().map(s -> s.topics().get(0).key()).toList();
    assertThat(keys.get(0)).isEqualTo(keys.get(1)).isNotEqualTo(keys.get(2));
  }

  @Test
  void anUnknownTopicNameIsReportedWithItsPlaceAndASuggestion() {
    assertThatThrownBy(() -> TopicFile.parse("topics.yaml", """
        topics:
          diffusion: {title: Diffusion, query: diffusion}
        subscribers:
          - email: ada@example.org
            topics: [difusion]
        """, PaperLookup.NONE))
        .isInstanceOf(ConfigException.class)
        .hasMessage("topics.yaml:5:14: subscribers[0].topics[0]: unknown topic 'difusion' (did you mean 'diffusion'?)");
  }

  @Test
  void aYamlSyntaxErrorIsReportedWithItsLine() throws IOException {
    Path file = write("""
        topics:
          diffusion: {title: Diffusion, query: diffusion
        subscribers:
          - email: ada@example.org
        """);

    assertThatThrownBy(() -> TopicFile.load(file, PaperLookup.NONE))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> {
          Problem p = ((ConfigException) e).problems().get(0);
          assertThat(p.location().file()).isEqualTo(file.toString());
          assertThat(p.location().line()).isBetween(2, 3);
          assertThat(p.message()).startsWith("YAML syntax error");
        });
  }

  @Test
  void everyKindOfProblemIsReportedInOneRun() {
    ConfigException e = catchConfig("""
        defaults:
          timezone: Mars/Olympus_Mons
          max_papers: 0
        topcis: {}
        topics:
          nothing: {title: Nothing at all}
          broken: {title: Broken, query: 'diffusion AND'}
          unquoted: {title: Unquoted, query: '"state space'}
          badfield: {title: Bad field, query: 'tilte:mamba'}
          typo: {title: Typo, qeury: mamba}
          radd: {title: RADD, like: ["9999.99999"]}
        subscribers:
          - name: No Address
            topics: [radd]
          - email: not-an-address
            topics: [radd]
          - email: ada@example.org
            topics: [radd, nosuch]
            exclude: 'astro AND'
            timezone: Europe/Londn
            send_at: "25:00"
            frequency: monthly
            max_papers: 51
            send_empty: maybe
            colour: blue
          - email: ADA@example.org
            topics: [radd]
          - email: grace@example.org
          - email: kurt@example.org
            topics: [{title: Inline, query: 'a OR'}]
        """, SEEDS);

    List<String> m = e.problems().stream().map(Problem::toString).toList();
    assertThat(m).contains(
        "t.yaml:2:13: defaults.timezone: 'Mars/Olympus_Mons' is not a time zone (e.g. UTC, Europe/London, America/New_York)",
        "t.yaml:3:15: defaults.max_papers: 0 is out of range: a digest holds 1 to 50 papers",
        "t.yaml:4:1: unknown key 'topcis' (did you mean 'topics'?)",
        "t.yaml:6:12: topics.nothing: a topic needs a query: (words to search for) or a like: list (papers to find more like)",
        "t.yaml:9:39: topics.badfield.query: unknown field 'tilte:' in the query (did you mean 'title'?); fields are title, abstract, authors",
        "t.yaml:10:23: unknown key 'qeury' in topics.typo (did you mean 'query'?)",
        "t.yaml:11:30: warning: '9999.99999' is not in the catalog (yet); this entry is ignored until a listing brings it",
        "t.yaml:13:5: subscribers[0]: email: is required",
        "t.yaml:15:12: subscribers[1].email: 'not-an-address' is not an email address Paperboy sends to: an email"
            + " address has an @, as in name@example.org",
        "t.yaml:18:20: subscribers[2].topics[1]: unknown topic 'nosuch'",
        "t.yaml:20:15: subscribers[2].timezone: 'Europe/Londn' is not a time zone (e.g. UTC, Europe/London, America/New_York) (did you mean 'Europe/London'?)",
        "t.yaml:21:14: subscribers[2].send_at: '25:00' is not a time of day: write HH:MM from 00:00 to 23:59, e.g. \"07:30\"",
        "t.yaml:22:16: subscribers[2].frequency: 'monthly' is not a frequency: write daily, weekdays or weekly:DAY (e.g. weekly:MON)",
        "t.yaml:23:17: subscribers[2].max_papers: 51 is out of range: a digest holds 1 to 50 papers",
        "t.yaml:24:17: subscribers[2].send_empty: expected true or false",
        "t.yaml:25:5: unknown key 'colour' in subscribers[2]; expected one of email, name, topics, exclude, timezone, send_at, frequency, max_papers, send_empty, paused",
        "t.yaml:26:12: subscribers[3].email: 'ADA@example.org' is listed twice (first at line 17; addresses are compared without regard to case)");
    assertThat(m).anySatisfy(s -> assertThat(s).startsWith("t.yaml:7:34: topics.broken.query: not a valid query: "));
    assertThat(m).anySatisfy(s -> assertThat(s).startsWith("t.yaml:8:38: topics.unquoted.query: not a valid query: ")
        .contains("column"));
    assertThat(m).anySatisfy(s -> assertThat(s).startsWith("t.yaml:19:14: subscribers[2].exclude: not a valid query: "));
    assertThat(m).anySatisfy(s -> assertThat(s).startsWith("t.yaml:28:5: subscribers[4].topics: is required"));
    assertThat(m).anySatisfy(s -> assertThat(s).startsWith("t.yaml:30:37: subscribers[5].topics[0].query: not a valid query: "));
    assertThat(e.getMessage()).startsWith("t.yaml:2:13: ");
  }

  @Test
  void theTopicFileTakesAddressesByTheSignUpFormsRules() {
    ConfigException e = catchConfig("""
        topics: {t: {query: x}}
        subscribers:
          - {email: alice@example.net, topics: [t]}
          - {email: '"alice"@example.net', topics: [t]}
          - {email: 'ok@[127.0.0.1]', topics: [t]}
          - {email: ok@-example.org, topics: [t]}
          - {email: jörg@example.org, topics: [t]}
          - {email: ok@exämple.org, topics: [t]}
          - {email: OK@xn--exmple-cua.org, topics: [t]}
        """, PaperLookup.NONE);

    assertThat(e.problems()).extracting(Problem::toString).containsExactly(
        "t.yaml:4:13: subscribers[1].email: '\"alice\"@example.net' is not an email address Paperboy sends to: write"
            + " the address without quotation marks or backslashes: name@example.org",
        "t.yaml:5:13: subscribers[2].email: 'ok@[127.0.0.1]' is not an email address Paperboy sends to: please use an"
            + " address with a domain name after the @, not an IP address in brackets",
        "t.yaml:6:13: subscribers[3].email: 'ok@-example.org' is not an email address Paperboy sends to: no part of the"
            + " domain after the @ may start or end with a hyphen ('-example')",
        "t.yaml:7:13: subscribers[4].email: 'jörg@example.org' is not an email address Paperboy sends to: letters such"
            + " as ö or é before the @ need a mail extension (SMTPUTF8) that we do not support: please use an address"
            + " with only plain letters, digits and . _ - + before the @",
        // the internationalised domain is read as its ASCII form, so its other spelling is the same mailbox
        "t.yaml:9:13: subscribers[6].email: 'OK@xn--exmple-cua.org' is listed twice (first at line 8; addresses are"
            + " compared without regard to case)");
  }

  @Test
  void aLineBreakOrDirectionMarkInsideAValueIsShownAsAnEscapeNotAsALineOfTheReport() {
    ConfigException e = catchConfig("""
        topics: {t: {query: x}}
        subscribers:
          - {email: "eve@example.org\\r\\nt.yaml:1:1: all fine", topics: [t]}
          - {email: "mallory\\u202E@example.org", topics: [t]}
        """, PaperLookup.NONE);

    assertThat(e.getMessage().lines()).hasSize(2);
    assertThat(e.problems()).extracting(Problem::toString).satisfiesExactly(
        first -> assertThat(first).startsWith("t.yaml:3:13: subscribers[0].email: 'eve@example.org\\r\\nt.yaml:1:1: all fine'"),
        second -> assertThat(second).startsWith("t.yaml:4:13: subscribers[1].email: 'mallory\\u202E@example.org'"));
  }

  @Test
  void anInternationalisedDomainInTheTopicFileIsSentToInItsAsciiForm() {
    TopicFile f = TopicFile.parse("t.yaml", """
        topics: {t: {query: x}}
        subscribers:
          - {email: Ok@Exämple.org, topics: [t]}
        """, PaperLookup.NONE);
    assertThat(f.entries()).singleElement().satisfies(entry -> {
      assertThat(entry.subscriber().email()).isEqualTo("Ok@xn--exmple-cua.org");
      assertThat(entry.subscriber().emailKey()).isEqualTo("ok@xn--exmple-cua.org");
    });
  }

  @Test
  void aTitleMadeFromAQueryOverSeveralLinesIsOneLine() {
    TopicFile f = TopicFile.parse("t.yaml", """
        subscribers:
          - email: ada@example.org
            topics:
              - query: |
                  mamba
                  OR "state space"
        """, PaperLookup.NONE);

    assertThat(f.entries().get(0).subscriber().topics()).extracting(Topic::title)
        .containsExactly("mamba OR \"state space\"");
  }

  @Test
  void duplicateAddressesDifferingOnlyInCaseAreAnError() {
    ConfigException e = catchConfig("""
        topics: {t: {query: x}}
        subscribers:
          - {email: Ada@Example.org, topics: [t]}
          - {email: grace@example.org, topics: [t]}
          - {email: ada@example.ORG, topics: [t]}
        """, PaperLookup.NONE);

    assertThat(e.problems()).extracting(Problem::toString).containsExactly(
        "t.yaml:5:13: subscribers[2].email: 'ada@example.ORG' is listed twice (first at line 3; addresses are compared "
            + "without regard to case)");
  }

  @Test
  void aLikedPaperMissingFromTheCatalogIsAWarningNotAnError() {
    TopicFile f = TopicFile.parse("t.yaml", """
        topics:
          radd: {title: RADD, like: ["2406.03736", "A Paper Nobody Wrote", "arXiv:2406.03736v2"]}
        subscribers:
          - {email: a@example.org, topics: [radd]}
        """, SEEDS);

    assertThat(f.warnings()).extracting(Problem::toString).containsExactly(
        "t.yaml:2:44: warning: 'A Paper Nobody Wrote' is not in the catalog (yet); this entry is ignored until a listing brings it");
    assertThat(f.topics().get("radd").like()).hasSize(3);
  }

  @Test
  void aQueryOfOnlyStopWordsOrOnlyNotIsAWarning() {
    TopicFile f = TopicFile.parse("t.yaml", """
        topics:
          stop: {query: '"&" OR "+"'}
          neg: {query: 'NOT mamba'}
        subscribers:
          - {email: a@example.org, topics: [stop, neg]}
        """, PaperLookup.NONE);

    assertThat(f.warnings()).extracting(Problem::message).containsExactly(
        "this query matches nothing: it has no words left once stop words are removed",
        "this query matches nothing: it has only NOT clauses, and a query of only NOT clauses matches nothing");
  }

  @Test
  void theBundledExampleIsValidAndEveryTopicFindsSomething() {
    TopicFile f = TopicFile.load(Path.of("config/topics.example.yaml"), SEEDS);

    assertThat(f.warnings()).isEmpty();
    assertThat(f.entries()).hasSizeGreaterThanOrEqualTo(5);
    assertThat(f.subscribers()).extracting(Subscriber::name).contains("Zoë Schrödinger");
    assertThat(f.subscribers().stream().map(Subscriber::timezone).distinct().count()).isGreaterThan(3);
    assertThat(f.entries()).anyMatch(TopicFile.Entry::paused);
    PaperIndex index = PaperIndex.of(Seeds.papers());
    for (Topic t : f.topics().values()) {
      if (t.query() != null) {
        assertThat(index.search(parse(t.query())).size()).as(t.key()).isPositive();
      }
    }
  }

  @Test
  void webPreferencesAreReadWithTheSameRules() {
    TopicFile f = TopicFile.parse("t.yaml", """
        defaults: {timezone: Europe/Paris, max_papers: 7}
        topics: {ssm: {title: SSM, query: mamba}}
        subscribers: []
        """, PaperLookup.NONE);
    Subscriber web = new Subscriber("id1", "w@example.org", "Web", List.of(f.topics().get("ssm"),
        new Topic("~x", "Mine", "causal", List.of())), "survey", ZoneId.of("Asia/Tokyo"), LocalTime.of(6, 15),
        Frequency.WEEKDAYS, 12, true, Subscriber.Origin.WEB);

    String json = Prefs.write(web, f);
    Prefs.Result back = Prefs.read("prefs", json, f, "id1", "w@example.org", "Web");

    assertThat(back.problems()).isEmpty();
    Subscriber s = back.subscriber().orElseThrow();
    assertThat(s.topics()).extracting(Topic::title).containsExactly("SSM", "Mine");
    assertThat(s.topics().get(0)).isSameAs(f.topics().get("ssm"));
    assertThat(s).usingRecursiveComparison().ignoringFields("topics").isEqualTo(web);

    Prefs.Result defaults = Prefs.read("prefs", "{\"topics\": [\"ssm\", \"gone\"]}", f, "id2", "d@example.org", "");
    assertThat(defaults.subscriber().orElseThrow().timezone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(defaults.subscriber().orElseThrow().maxPapers()).isEqualTo(7);
    assertThat(defaults.problems()).extracting(Problem::toString)
        .containsExactly("prefs:1:20: warning: unknown topic 'gone'; left out");

    assertThat(Prefs.read("prefs", "{\"topics\": [\"gone\"], \"max_papers\": 99}", f, "id3", "x@example.org", "")
        .subscriber()).isEmpty();
  }

  @Test
  void theDeliveryTimeOfPreferencesIsReadEvenWhenNoneOfTheirTopicsIsLeft() {
    TopicFile f = TopicFile.parse("t.yaml", """
        defaults: {timezone: Europe/Paris, send_at: "09:00", frequency: weekdays}
        topics: {ssm: {title: SSM, query: mamba}}
        subscribers: []
        """, PaperLookup.NONE);
    String stranded = "{\"topics\": [\"gone\"], \"timezone\": \"Asia/Tokyo\", \"send_at\": \"06:15\","
        + " \"frequency\": \"weekly:FRI\"}";
    assertThat(Prefs.read("prefs", stranded, f, "id", "x@example.org", "").subscriber()).isEmpty();
    assertThat(Prefs.delivery(stranded, f)).hasValue(
        new Prefs.Delivery(ZoneId.of("Asia/Tokyo"), LocalTime.of(6, 15), Frequency.parse("weekly:FRI").orElseThrow()));
    // what is missing or wrong is the file's default; unreadable JSON gives nothing
    assertThat(Prefs.delivery("{\"topics\": [], \"timezone\": \"Mars/Base\", \"send_at\": \"07:45\"}", f)).hasValue(
        new Prefs.Delivery(ZoneId.of("Europe/Paris"), LocalTime.of(7, 45), Frequency.WEEKDAYS));
    assertThat(Prefs.delivery("{not json", f)).isEmpty();
    assertThat(Prefs.delivery(null, f)).isEmpty();
  }

  private static org.apache.lucene.search.Query parse(String q) {
    try {
      return QueryLanguage.parse(q);
    } catch (org.apache.lucene.queryparser.classic.ParseException e) {
      throw new AssertionError(e);
    }
  }

  private ConfigException catchConfig(String text, PaperLookup lookup) {
    try {
      TopicFile.parse("t.yaml", text, lookup);
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("expected a ConfigException");
  }

  private Path write(String text) throws IOException {
    Path f = dir.resolve("topics.yaml");
    Files.writeString(f, text);
    return f;
  }
}
