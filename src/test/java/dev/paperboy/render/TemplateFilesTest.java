package dev.paperboy.render;

import static dev.paperboy.render.TestDigests.DIFFUSION;
import static dev.paperboy.render.TestDigests.digest;
import static dev.paperboy.render.TestDigests.paper;
import static dev.paperboy.render.TestDigests.pick;
import static dev.paperboy.render.TestDigests.section;
import static dev.paperboy.render.TestDigests.subscriber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.config.BadInput;
import dev.paperboy.select.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Templates come from the folder at run time: a broken one is reported by file and line, an
 * edited one is used without a restart. Works on copies of the repository's templates.
 */
class TemplateFilesTest {
  /** Inside the project folder, so that messages show the path the way an admin wrote it. */
  private final Path dir = Path.of("target", "render-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime(), "templates");
  private final Digest digest = digest(subscriber("s1", "a@example.org", "Ada", DIFFUSION), section(DIFFUSION, pick(paper("2603.00001", "Paper A"), DIFFUSION)));

  @BeforeEach
  void copyTemplates() throws IOException {
    Files.createDirectories(dir);
    for (String name : List.of(DigestRenderer.HTML_TEMPLATE, DigestRenderer.TEXT_TEMPLATE)) {
      Files.copy(TestDigests.templates().resolve(name), dir.resolve(name));
    }
  }

  @AfterEach
  void removeCopies() throws IOException {
    try (Stream<Path> files = Files.walk(dir.getParent())) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  @Test
  void anUnparsableExpressionNamesFileLineAndColumn() throws IOException {
    int line = breakLine(DigestRenderer.HTML_TEMPLATE, "th:text=\"${digest.countText}\"", "th:text=\"${digest.countText\"");
    DigestRenderer renderer = new DigestRenderer(dir, TestDigests.settings(), Duration.ZERO);

    assertThatThrownBy(() -> renderer.render(digest))
        .isInstanceOf(RenderException.class)
        .isInstanceOf(BadInput.class)
        .hasMessageStartingWith(dir.resolve("digest.html") + ":" + line + ":")
        .hasMessageContaining("${digest.countText")
        .satisfies(e -> {
          RenderException r = (RenderException) e;
          assertThat(r.location().file()).isEqualTo(dir.resolve("digest.html").toString());
          assertThat(r.location().line()).isEqualTo(line);
          assertThat(r.location().column()).isPositive();
        });
  }

  @Test
  void aFailingExpressionNamesFileAndLine() throws IOException {
    int line = breakLine(DigestRenderer.HTML_TEMPLATE, "th:text=\"${paper.authors}\"", "th:text=\"${paper.nosuch.thing}\"");
    DigestRenderer renderer = new DigestRenderer(dir, TestDigests.settings(), Duration.ZERO);

    assertThatThrownBy(() -> renderer.render(digest))
        .isInstanceOf(RenderException.class)
        .hasMessageStartingWith(dir.resolve("digest.html") + ":" + line + ":")
        .hasMessageContaining("paper.nosuch.thing")
        .hasMessageNotContaining("(template:");
  }

  @Test
  void aBrokenTextTemplateIsNamedToo() throws IOException {
    int line = breakLine(DigestRenderer.TEXT_TEMPLATE, "[(${paper.title})]", "[(${paper.title)]");
    DigestRenderer renderer = new DigestRenderer(dir, TestDigests.settings(), Duration.ZERO);

    assertThatThrownBy(() -> renderer.render(digest))
        .isInstanceOf(RenderException.class)
        .hasMessageStartingWith(dir.resolve("digest.txt") + ":" + line + ":");
  }

  @Test
  void aMissingTemplateOrFolderIsReportedUpFront() throws IOException {
    Files.delete(dir.resolve("digest.txt"));
    assertThatThrownBy(() -> new DigestRenderer(dir, TestDigests.settings()))
        .isInstanceOf(RenderException.class)
        .hasMessage(dir.resolve("digest.txt") + ": template not found");
    assertThatThrownBy(() -> new DigestRenderer(dir.resolve("nope"), TestDigests.settings()))
        .isInstanceOf(RenderException.class)
        .hasMessage(dir.resolve("nope") + ": templates folder not found");
  }

  @Test
  void editsArePickedUpWithoutARestart() throws IOException {
    DigestRenderer renderer = new DigestRenderer(dir, TestDigests.settings(), Duration.ZERO);
    RenderCache cache = new RenderCache(renderer);
    RenderedDigest before = cache.render(digest);
    assertThat(before.html(TestDigests.ada())).doesNotContain("Fresh off the press");

    breakLine(DigestRenderer.HTML_TEMPLATE, "th:text=\"${digest.countText}\">5 new papers for you</h1>",
        "th:text=\"'Fresh off the press: ' + ${digest.countText}\">5 new papers for you</h1>");
    breakLine(DigestRenderer.TEXT_TEMPLATE, "[(${digest.countText})] ·", "Fresh off the press: [(${digest.countText})] ·");

    RenderedDigest after = cache.render(digest);
    assertThat(after).isNotSameAs(before);
    assertThat(after.html(TestDigests.ada())).contains("Fresh off the press: 1 new paper for you");
    assertThat(after.text(TestDigests.ada())).contains("Fresh off the press: 1 new paper for you");
    assertThat(cache.render(digest)).isSameAs(after);
    assertThat(cache.stats().entries()).isEqualTo(1);
  }

  @Test
  void parsedTemplatesAreKeptBetweenChecks() throws IOException {
    DigestRenderer renderer = new DigestRenderer(dir, TestDigests.settings(), Duration.ofHours(1));
    String before = renderer.render(digest).encodedHtml();
    breakLine(DigestRenderer.HTML_TEMPLATE, "View in browser</a>\n", "Open online</a>\n");

    assertThat(renderer.render(digest).encodedHtml()).isEqualTo(before); // until the next look, an hour away
  }

  /** Replaces the first occurrence, bumps the file time (coarse clocks), returns its 1-based line. */
  private int breakLine(String template, String from, String to) throws IOException {
    Path file = dir.resolve(template);
    String s = Files.readString(file, StandardCharsets.UTF_8);
    int at = s.indexOf(from);
    assertThat(at).as("%s in %s", from, template).isNotNegative();
    Files.writeString(file, s.substring(0, at) + to + s.substring(at + from.length()), StandardCharsets.UTF_8);
    Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5_000));
    return (int) s.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
  }
}
