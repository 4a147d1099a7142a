package dev.paperboy.render;

import dev.paperboy.catalog.Listing;
import dev.paperboy.catalog.Paper;
import dev.paperboy.select.Digest;
import dev.paperboy.select.Frequency;
import dev.paperboy.select.Pick;
import dev.paperboy.select.Section;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Digests built by hand, the way the selection stage hands them over. */
public final class TestDigests {
  public static final LocalDate DATE = LocalDate.of(2026, 3, 14); // a Saturday
  public static final Instant WINDOW_END = Instant.parse("2026-03-14T06:00:00Z");
  public static final Topic DIFFUSION = topic("diffusion", "Diffusion models");
  public static final Topic SSM = topic("ssm", "State space models");
  public static final Topic RL = topic("rl", "Reinforcement learning");

  private TestDigests() {}

  /** The real templates of the repository (tests run in the project folder). */
  public static Path templates() {
    return Path.of("templates");
  }

  public static RenderSettings settings() {
    return new RenderSettings("https://paperboy.example.org/", "Paperboy", "Paperboy trending papers");
  }

  public static DigestRenderer renderer() {
    return new DigestRenderer(templates(), settings(), Duration.ZERO);
  }

  public static Topic topic(String key, String title) {
    return new Topic(key, title, "\"" + title + "\"", List.of());
  }

  public static Subscriber subscriber(String id, String email, String name, Topic... topics) {
    return new Subscriber(id, email, name, List.of(topics), null, ZoneId.of("UTC"), LocalTime.of(7, 0), Frequency.DAILY, 50, true, Subscriber.Origin.FILE);
  }

  public static Paper paper(String arxivId, String title, String abstractText, List<String> authors, Integer upvotes, String githubUrl) {
    return new Paper(arxivId, arxivId, title, abstractText, authors, List.of(), githubUrl,
        "https://huggingface.co/papers/" + arxivId, upvotes, "hf-daily", WINDOW_END.minus(Duration.ofHours(3)),
        List.of(new Listing(DATE, 1, upvotes, "hf-daily")));
  }

  public static Paper paper(String arxivId, String title) {
    return paper(arxivId, title, "We study " + title.toLowerCase() + ".", List.of("Ada Lovelace", "Alan Turing"), 12, null);
  }

  public static Pick pick(Paper paper, Topic... topics) {
    return new Pick(paper, 1.0, List.of(topics));
  }

  public static Section section(Topic topic, Pick... picks) {
    return new Section(topic, List.of(picks));
  }

  public static Digest digest(Subscriber subscriber, Section... sections) {
    return new Digest(subscriber, DATE, WINDOW_END, Arrays.asList(sections));
  }

  public static Recipient ada() {
    return new Recipient("ada@example.org", "Ada", "https://paperboy.example.org/unsubscribe/tok-ada-u",
        "https://paperboy.example.org/manage/tok-ada-m", "https://paperboy.example.org/digest/tok-ada-v");
  }

  /** A digest of {@code n} papers with long titles, long abstracts and many authors, over five topics. */
  public static Digest longDigest(int n, String email) {
    Topic[] topics = {DIFFUSION, SSM, RL, topic("agents", "LLM agents and tool use"), topic("vision", "Vision-language models")};
    Subscriber s = subscriber("sub-long", email, "Grace", topics);
    List<List<Pick>> picks = new ArrayList<>();
    for (int t = 0; t < topics.length; t++) picks.add(new ArrayList<>());
    for (int i = 0; i < n; i++) {
      String id = String.format("2603.%05d", 10000 + i);
      String title = "Scaling " + "very long title words ".repeat(9) + "number " + i; // ~200 characters
      String abs = ("We propose a method whose abstract goes on and on about long-context reasoning, "
          + "state space models, diffusion transformers and reinforcement learning from human feedback. ").repeat(8);
      List<String> authors = new ArrayList<>();
      for (int a = 0; a < 40; a++) authors.add("Author Number" + a + " Longsurname-Doublebarrel");
      Paper p = paper(id, title, abs, authors, 100 + i, "https://github.com/some-organisation/a-rather-long-repository-name-" + i);
      Topic main = topics[i % topics.length];
      picks.get(i % topics.length).add(pick(p, main, topics[(i + 1) % topics.length], topics[(i + 2) % topics.length]));
    }
    List<Section> sections = new ArrayList<>();
    for (int t = 0; t < topics.length; t++) {
      if (!picks.get(t).isEmpty()) sections.add(new Section(topics[t], picks.get(t)));
    }
    return new Digest(s, DATE, WINDOW_END, sections);
  }
}
