package dev.paperboy.render;

import static dev.paperboy.render.TestDigests.DIFFUSION;
import static dev.paperboy.render.TestDigests.RL;
import static dev.paperboy.render.TestDigests.SSM;
import static dev.paperboy.render.TestDigests.ada;
import static dev.paperboy.render.TestDigests.digest;
import static dev.paperboy.render.TestDigests.paper;
import static dev.paperboy.render.TestDigests.pick;
import static dev.paperboy.render.TestDigests.section;
import static dev.paperboy.render.TestDigests.subscriber;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.catalog.Paper;
import dev.paperboy.select.Digest;
import dev.paperboy.select.Pick;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** What a reader sees, rendered with the repository's own templates. */
class DigestContentTest {
  private static final DigestRenderer RENDERER = TestDigests.renderer();

  private static final List<String> TEN_AUTHORS =
      List.of("Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov", "Donald Knuth", "Frances Allen", "John McCarthy", "Leslie Lamport", "Tony Hoare");
  private static final String LONG_ABSTRACT =
      "Diffusion models generate images by reversing a noising process. We show that a state space backbone "
          + "matches transformer quality at a fraction of the cost, scaling linearly with sequence length, and "
          + "we release code, weights and an evaluation suite covering twelve benchmarks across three modalities "
          + "so that others can reproduce every number in this paper without asking us for anything at all.";

  private final Paper both = paper("2603.01234", "Mamba meets diffusion", LONG_ABSTRACT, TEN_AUTHORS, 42, "https://github.com/example/mamba-diffusion");
  private final Paper plain = new Paper("t-abc", null, "A paper only known by title", "Short abstract.", List.of("Solo Author"),
      List.of(), null, null, null, "listing", TestDigests.WINDOW_END, List.of());
  private final Paper rl = paper("2603.04321", "Reward models that read", "Short.", List.of("A One", "B Two", "C Three", "D Four"), 0, null);

  private Digest threePapers() {
    return digest(subscriber("s1", "ada@example.org", "Ada", DIFFUSION, SSM, RL),
        section(DIFFUSION, pick(both, DIFFUSION, SSM), pick(plain, DIFFUSION)),
        section(RL, pick(rl, RL)));
  }

  @Test
  void headerSaysTheDateAndTheCount() {
    RenderedDigest r = RENDERER.render(threePapers());
    Document html = Jsoup.parse(r.html(ada()));
    String text = r.text(ada());

    assertThat(html.select("h1").text()).isEqualTo("3 new papers for you");
    assertThat(html.body().text()).contains("Saturday, 14 March 2026").contains("Hi Ada,");
    assertThat(text).startsWith("Hi Ada,\n").contains("3 new papers for you · Saturday, 14 March 2026");
    assertThat(html.title()).isEqualTo(r.subject());
  }

  @Test
  void subjectNamesCountTopicsAndShortDate() {
    assertThat(RENDERER.render(threePapers()).subject()).isEqualTo("3 new papers on Diffusion models, Reinforcement learning — 14 Mar");

    Digest one = digest(subscriber("s1", "a@b.c", "", DIFFUSION), section(DIFFUSION, pick(both, DIFFUSION)));
    assertThat(RENDERER.render(one).subject()).isEqualTo("1 new paper on Diffusion models — 14 Mar");
  }

  @Test
  void subjectShortensLongTopicLists() {
    List<String> topics = List.of("Diffusion models", "State space models", "Reinforcement learning from human feedback", "Agents", "Robotics");
    assertThat(DigestModel.subject(9, topics, "14 Mar")).isEqualTo("9 new papers on Diffusion models, State space models and 3 more — 14 Mar");
    assertThat(DigestModel.subject(2, List.of("A very long topic title that alone fills most of the subject line"), "1 Apr"))
        .isEqualTo("2 new papers on A very long topic title that alone fills most of the subject line — 1 Apr");
  }

  @Test
  void sectionsFollowTheDigestAndAPaperOnTwoTopicsAppearsOnceNamingBoth() {
    Document html = Jsoup.parse(RENDERER.render(threePapers()).html(ada()));

    assertThat(html.select("h2").eachText()).containsExactly("Diffusion models", "Reinforcement learning");
    Element title = html.selectFirst("a:containsOwn(Mamba meets diffusion)");
    assertThat(html.select("a:containsOwn(Mamba meets diffusion)")).hasSize(1);
    Element card = title.parent();
    assertThat(card.text()).contains("Diffusion models · State space models");
  }

  @Test
  void eachPaperShowsLinksAuthorsTrimmedAbstractAndUpvotes() {
    RenderedDigest r = RENDERER.render(threePapers());
    Element card = Jsoup.parse(r.html(ada())).selectFirst("a:containsOwn(Mamba meets diffusion)").parent();

    assertThat(card.selectFirst("a").attr("href")).isEqualTo("https://huggingface.co/papers/2603.01234");
    assertThat(card.text()).contains("Ada Lovelace, Alan Turing, Grace Hopper and 7 others").contains("▲ 42");
    assertThat(card.select("a").eachAttr("href")).contains(
        "https://arxiv.org/abs/2603.01234", "https://arxiv.org/pdf/2603.01234", "https://github.com/example/mamba-diffusion");
    assertThat(card.select("a").eachText()).contains("arXiv", "PDF", "Code");

    String shown = card.select("div").get(1).text();
    assertThat(shown).endsWith("…").startsWith("Diffusion models generate images");
    assertThat(shown.codePointCount(0, shown.length())).isBetween(240, 301);
    assertThat(LONG_ABSTRACT).startsWith(shown.substring(0, shown.length() - 1)); // cut after a whole word
    assertThat(LONG_ABSTRACT.charAt(shown.length() - 1)).isEqualTo(' ');

    String text = r.text(ada());
    assertThat(text).contains("1. Mamba meets diffusion\n   Ada Lovelace, Alan Turing, Grace Hopper and 7 others\n   ▲ 42 · Diffusion models · State space models\n");
    assertThat(text).contains("   https://huggingface.co/papers/2603.01234\n   arXiv: https://arxiv.org/abs/2603.01234\n");
  }

  @Test
  void unknownFactsAreLeftOutNotShownEmpty() {
    RenderedDigest r = RENDERER.render(threePapers());
    Document html = Jsoup.parse(r.html(ada()));
    Element plainCard = html.selectFirst("a:containsOwn(A paper only known by title)").parent();
    Element rlCard = html.selectFirst("a:containsOwn(Reward models that read)").parent();

    assertThat(plainCard.selectFirst("a").attr("href")).startsWith("https://arxiv.org/search/?searchtype=title&query=A+paper+only");
    assertThat(plainCard.text()).doesNotContain("▲", "arXiv", "PDF", "Code");
    assertThat(rlCard.text()).contains("A One, B Two, C Three and D Four").doesNotContain("▲"); // 0 upvotes: not worth a badge
    assertThat(rlCard.select("a").eachText()).containsExactly("Reward models that read", "arXiv", "PDF");
  }

  @Test
  void footerSaysWhyAndOffersTheWayOut() {
    RenderedDigest r = RENDERER.render(threePapers());
    Document html = Jsoup.parse(r.html(ada()));

    assertThat(html.body().text()).contains("You follow Diffusion models, State space models and Reinforcement learning on Paperboy.")
        .contains("This email was sent to ada@example.org");
    assertThat(html.select("a:containsOwn(Unsubscribe)").attr("href")).isEqualTo(ada().unsubscribeUrl());
    assertThat(html.select("a:containsOwn(Manage your topics)").attr("href")).isEqualTo(ada().manageUrl());
    assertThat(html.select("a:containsOwn(View in browser)").eachAttr("href")).isNotEmpty().allMatch(ada().viewUrl()::equals);

    assertThat(r.text(ada())).contains("Unsubscribe:\n" + ada().unsubscribeUrl() + "\n")
        .contains("Manage your topics:\n" + ada().manageUrl() + "\n")
        .contains(ada().viewUrl());
  }

  @Test
  void aLongListOfFollowedTopicsIsShortenedInTheFooter() {
    dev.paperboy.select.Topic[] topics = new dev.paperboy.select.Topic[12];
    for (int i = 0; i < topics.length; i++) topics[i] = TestDigests.topic("t" + i, "Topic " + i);
    Digest d = digest(subscriber("s1", "a@b.c", "", topics), section(topics[0], pick(both, topics[0])));

    assertThat(Jsoup.parse(RENDERER.render(d).html(ada())).body().text())
        .contains("You follow Topic 0, Topic 1, Topic 2, Topic 3, Topic 4, Topic 5, Topic 6 and 5 more topics on Paperboy.");
  }

  @Test
  void anEmptyDigestSaysSoKindly() {
    RenderedDigest r = RENDERER.render(digest(subscriber("s1", "ada@example.org", "Ada", DIFFUSION, SSM)));
    Document html = Jsoup.parse(r.html(ada()));

    assertThat(r.subject()).isEqualTo("No new papers on your topics — 14 Mar");
    assertThat(html.select("h1").text()).isEqualTo("No new papers on your topics today");
    assertThat(html.body().text()).contains("We'll write again").contains("You follow Diffusion models and State space models");
    assertThat(html.select("h2")).isEmpty();
    assertThat(html.select("a:containsOwn(Unsubscribe)")).hasSize(1);
    assertThat(r.text(ada())).contains("No new papers on your topics today").contains(ada().unsubscribeUrl());
    assertThat(r.preheader()).startsWith("Nothing new matched your topics today");
  }

  @Test
  void preheaderIsTheFirstTitlesAndHiddenFirstInTheBody() {
    RenderedDigest r = RENDERER.render(threePapers());
    assertThat(r.preheader()).isEqualTo("Mamba meets diffusion · A paper only known by title · Reward models that read");

    Element first = Jsoup.parse(r.html(ada())).body().child(0);
    assertThat(first.attr("style")).contains("display:none").contains("max-height:0");
    assertThat(first.text()).startsWith(r.preheader());
  }

  @Test
  void papersAreNumberedAcrossSections() {
    List<Paper> many = new ArrayList<>();
    for (int i = 0; i < 3; i++) many.add(paper("2603.0000" + i, "Paper " + i));
    Digest d = digest(subscriber("s1", "a@b.c", "", DIFFUSION, RL),
        section(DIFFUSION, pick(many.get(0), DIFFUSION), pick(many.get(1), DIFFUSION)), section(RL, pick(many.get(2), RL)));

    assertThat(RENDERER.render(d).text(ada())).contains("\n1. Paper 0\n").contains("\n2. Paper 1\n").contains("\n3. Paper 2\n");
  }

  @Test
  void inTheTextPartTheLinesUnderATitleLineUpWithItPastNumberNine() {
    List<Paper> many = new ArrayList<>();
    for (int i = 0; i < 11; i++) many.add(paper("2603.100" + (10 + i), "Paper " + i));
    Digest d = digest(subscriber("s1", "a@b.c", "", DIFFUSION),
        section(DIFFUSION, many.stream().map(p -> pick(p, DIFFUSION)).toArray(Pick[]::new)));

    String text = RENDERER.render(d).text(ada());

    assertThat(linesUnder(text, "9. Paper 8")).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("   ").doesNotStartWith("    "));
    assertThat(linesUnder(text, "10. Paper 9")).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("    ").doesNotStartWith("     "));
  }

  /** The lines of a paper's entry after its title line, up to the blank line that ends it. */
  private static List<String> linesUnder(String text, String titleLine) {
    List<String> lines = List.of(text.split("\n", -1));
    List<String> under = new ArrayList<>();
    for (int i = lines.indexOf(titleLine) + 1; i > 0 && i < lines.size() && !lines.get(i).isEmpty(); i++) under.add(lines.get(i));
    return under;
  }
}
