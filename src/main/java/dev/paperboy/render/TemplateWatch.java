package dev.paperboy.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Notices edits in the templates folder so that a long-running server picks them up without a
 * restart, while parsed templates stay cached between edits. It looks at the files' names, sizes
 * and modification times at most once per interval, so the check costs nothing per render.
 */
final class TemplateWatch {
  private final Path dir;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private volatile long nextCheck;
  private long stamp;
  private volatile long generation;

  TemplateWatch(Path dir, Duration interval, LongSupplier nanoTime) {
    this.dir = dir;
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
    this.stamp = stamp();
    this.nextCheck = nanoTime.getAsLong() + intervalNanos;
  }

  /** A number that changes whenever a file in the folder changed since the last look. */
  long generation() {
    if (nanoTime.getAsLong() - nextCheck >= 0) recheck();
    return generation;
  }

  private synchronized void recheck() {
    long now = nanoTime.getAsLong();
    if (now - nextCheck < 0) return; // another thread just looked
    long s = stamp();
    if (s != stamp) {
      stamp = s;
      generation++;
    }
    nextCheck = now + intervalNanos;
  }

  private long stamp() {
    try (Stream<Path> files = Files.walk(dir, 3)) {
      return files.mapToLong(TemplateWatch::stampOf).sum(); // order-free: listing order may vary
    } catch (IOException | UncheckedIOException e) {
      return -1; // unreadable now: count it as a change, the render will report what is wrong
    }
  }

  private static long stampOf(Path p) {
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      if (!a.isRegularFile()) return p.hashCode();
      return p.hashCode() * 31L * 31L + a.size() * 31L + a.lastModifiedTime().toMillis() * 1_000_003L
          + a.lastModifiedTime().toInstant().getNano();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
