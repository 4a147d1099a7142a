package dev.paperboy.render;

import java.nio.file.Path;
import java.time.Duration;
import org.thymeleaf.TemplateEngine;

/**
 * A Thymeleaf engine over the templates folder, which is the admin's to edit while Paperboy runs: the
 * engine keeps parsed templates until {@link TemplateWatch} sees a file change, then drops them.
 * Callers ask for the {@link #generation()} before a render, so that the templates of one render
 * (HTML and text) come from one version of the folder. Thread-safe.
 */
final class WatchedEngine {
  private final TemplateEngine engine = new TemplateEngine();
  private final TemplateWatch watch;
  private volatile long seenGeneration;

  /** @param dir the templates folder, absolute */
  WatchedEngine(Path dir, Duration checkInterval) {
    engine.setTemplateResolver(DigestRenderer.resolver(dir));
    this.watch = new TemplateWatch(dir, checkInterval, System::nanoTime);
  }

  /** Changes whenever a template changed on disk; parsed templates made before are dropped then. */
  long generation() {
    long g = watch.generation();
    if (g != seenGeneration) dropParsedTemplates(g);
    return g;
  }

  TemplateEngine engine() {
    return engine;
  }

  private synchronized void dropParsedTemplates(long generation) {
    if (generation == seenGeneration) return;
    engine.clearTemplateCache();
    seenGeneration = generation;
  }
}
