package dev.paperboy.schedule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back when a file's content changes. Polls a content hash rather than using a WatchService:
 * editors replace files by rename, config directories are often symlinks (Kubernetes ConfigMaps), and
 * a poll every few seconds costs nothing next to a digest cycle.
 */
public final class FileWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FileWatcher.class);

  private final Path file;
  private final Runnable onChange;
  private final ScheduledExecutorService timer;
  private byte[] lastHash;

  public FileWatcher(Path file, Duration interval, Runnable onChange) {
    this.file = file;
    this.onChange = onChange;
    this.lastHash = hash();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "paperboy-watch-" + file.getFileName());
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Checks now; also what a SIGHUP does. Calls back only when the content differs from last time. */
  public synchronized void check() {
    byte[] now = hash();
    if (Arrays.equals(now, lastHash)) return;
    lastHash = now;
    try {
      onChange.run();
    } catch (RuntimeException e) {
      log.error("reloading {} failed: {}", file, e.toString(), e);
    }
  }

  /** Calls back whether or not the content changed: an explicit reload request. */
  public synchronized void reload() {
    lastHash = hash();
    onChange.run();
  }

  private byte[] hash() {
    try {
      return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    } catch (IOException e) {
      return new byte[0]; // missing or unreadable: a change worth reporting once it is back
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
