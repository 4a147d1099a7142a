package dev.paperboy.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the bytes of a SOURCE named on the command line: an http(s) URL or a file path.
 *
 * <p>Downloads follow redirects (but never from https to http), send a Paperboy User-Agent, and
 * fail on any non-2xx answer with "HTTP nnn" as the location. The request timeout bounds the whole
 * download, body included. Files and downloads alike are refused past a size limit (50 MB by
 * default) rather than read into memory whole.
 */
public final class SourceReader {
  public static final long DEFAULT_MAX_BYTES = 50L * 1024 * 1024;
  private static final Pattern ANY_URL = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://.*");

  private final HttpSource http;
  private final long maxBytes;

  public SourceReader(Duration connectTimeout, Duration requestTimeout) {
    this(connectTimeout, requestTimeout, DEFAULT_MAX_BYTES);
  }

  public SourceReader(Duration connectTimeout, Duration requestTimeout, long maxBytes) {
    if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    this.http = new HttpSource(connectTimeout, requestTimeout, maxBytes);
    this.maxBytes = maxBytes;
  }

  /** True for the sources that are downloaded rather than read from disk. */
  public static boolean isUrl(String source) {
    String lower = source.toLowerCase(Locale.ROOT);
    return lower.startsWith("http://") || lower.startsWith("https://");
  }

  public byte[] read(String source) throws SourceException {
    if (isUrl(source)) return http.read(source);
    var url = ANY_URL.matcher(source);
    if (url.matches()) {
      throw new SourceException(source, null, "unsupported URL scheme '" + url.group(1) + "' (use http, https or a file path)");
    }
    return readFile(source);
  }

  private byte[] readFile(String source) throws SourceException {
    Path path;
    try {
      path = Path.of(source);
    } catch (InvalidPathException e) {
      throw new SourceException(source, null, "not a valid file path: " + e.getReason(), e);
    }
    if (!Files.exists(path)) throw new SourceException(source, null, "no such file");
    if (Files.isDirectory(path)) throw new SourceException(source, null, "is a directory, not a file");
    if (!Files.isRegularFile(path)) throw new SourceException(source, null, "not a regular file");
    if (!Files.isReadable(path)) throw new SourceException(source, null, "cannot read the file (permission denied)");
    // read one byte past the limit instead of trusting the size, which may change under us
    try (InputStream in = Files.newInputStream(path)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) throw new SourceException(source, null, "the file is larger than the limit of " + size(maxBytes));
      return bytes;
    } catch (AccessDeniedException e) {
      throw new SourceException(source, null, "cannot read the file (permission denied)", e);
    } catch (IOException e) {
      throw new SourceException(source, null, "cannot read the file: " + e.getMessage(), e);
    }
  }

  static String size(long bytes) {
    long mb = 1024 * 1024;
    return bytes % mb == 0 ? bytes / mb + " MB" : bytes + " bytes";
  }
}
