package dev.paperboy.render;

import java.io.Writer;
import java.util.Arrays;

/**
 * Where Thymeleaf writes a render, and where the HTML is compacted: a char array that each rendering
 * thread keeps. A render is UTF-16 (the field markers are private-use characters), so a StringBuilder
 * began each one in Latin-1 and copied it all to UTF-16 at the first marker before copying it again
 * into a String; at 100k subscribers such copies were a sixth of what compose allocated. Not
 * thread-safe: one text at a time on one thread, read with {@link #toString} before the thread's next
 * use.
 */
final class RenderBuffer extends Writer {
  private static final ThreadLocal<RenderBuffer> OF_THREAD = ThreadLocal.withInitial(RenderBuffer::new);
  /** A larger array than this (a 50-paper digest of long abstracts fits in it) is let go at the thread's next use. */
  private static final int KEPT = 1 << 18;
  private static final int INITIAL = 1 << 15;

  private char[] chars = new char[INITIAL];
  private int length;

  private RenderBuffer() {}

  /** This thread's buffer, emptied. */
  static RenderBuffer ofThread() {
    RenderBuffer b = OF_THREAD.get();
    if (b.chars.length > KEPT) b.chars = new char[INITIAL];
    b.length = 0;
    return b;
  }

  @Override
  public void write(int c) {
    if (length == chars.length) grow(1);
    chars[length++] = (char) c;
  }

  @Override
  public void write(char[] cbuf, int off, int len) {
    if (length + len > chars.length) grow(len);
    System.arraycopy(cbuf, off, chars, length, len);
    length += len;
  }

  @Override
  public void write(String s, int off, int len) {
    if (length + len > chars.length) grow(len);
    s.getChars(off, off + len, chars, length);
    length += len;
  }

  @Override
  public Writer append(CharSequence s) {
    String str = String.valueOf(s);
    write(str, 0, str.length());
    return this;
  }

  private void grow(int more) {
    chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + more));
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  @Override
  public String toString() {
    return new String(chars, 0, length);
  }
}
