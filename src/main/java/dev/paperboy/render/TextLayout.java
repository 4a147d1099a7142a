package dev.paperboy.render;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tidies the rendered text part so that admins can write the text template loosely: line ends
 * become LF, trailing blanks go, runs of blank lines shrink to one, and prose is wrapped at 78
 * characters (RFC 5322's "should") with a hanging indent under list markers. A word longer than a
 * line, such as a URL, gets a line of its own and is never broken, unless it would pass the hard
 * limit of 998 characters.
 *
 * <p>Placeholder markers count as wide as their typical value ({@link Field#typicalLength()}), so a
 * personal URL always lands on its own line even when the template puts it after a label.
 */
final class TextLayout {
  static final int WIDTH = 78;
  /** Below RFC 5322's 998 with room for the indent. */
  static final int HARD = 900;
  private static final Pattern LIST_MARKER = Pattern.compile("(\\d{1,3}[.)]|[-*•])\\s+");

  private TextLayout() {}

  static String format(String rendered) {
    String text = rendered.indexOf('\r') < 0 ? rendered : rendered.replace("\r\n", "\n").replace('\r', '\n');
    // line by line without splitting: a line that fits is copied from the text as it is
    StringBuilder out = new StringBuilder(rendered.length() + rendered.length() / 16);
    boolean pendingBlank = false;
    int n = text.length();
    for (int from = 0; from <= n; ) {
      int nl = text.indexOf('\n', from);
      int end = nl < 0 ? n : nl;
      int stop = end;
      boolean signature = end - from == 3 && text.startsWith("-- ", from); // keep the signature separator
      if (!signature) while (stop > from && Character.isWhitespace(text.charAt(stop - 1))) stop--;
      if (stop == from) {
        pendingBlank = out.length() > 0;
      } else {
        if (pendingBlank) out.append('\n');
        pendingBlank = false;
        if (stop - from <= HARD && width(text, from, stop) <= WIDTH) out.append(text, from, stop).append('\n');
        else wrap(text.substring(from, stop), out);
      }
      from = end + 1;
    }
    return out.toString();
  }

  static void wrap(String line, StringBuilder out) {
    if (width(line) <= WIDTH && line.length() <= HARD) {
      out.append(line).append('\n');
      return;
    }
    int indent = 0;
    while (indent < line.length() && line.charAt(indent) == ' ') indent++;
    String content = line.substring(indent);
    int hang = indent;
    Matcher m = LIST_MARKER.matcher(content);
    if (m.lookingAt()) hang += m.end();
    hang = Math.min(hang, WIDTH / 2);

    StringBuilder cur = new StringBuilder().append(" ".repeat(indent));
    int curWidth = indent;
    boolean empty = true;
    for (int start = 0, end; start < content.length(); start = end + 1) {
      end = content.indexOf(' ', start);
      if (end < 0) end = content.length();
      if (end == start) continue;
      String word = content.substring(start, end);
      int w = width(word);
      if (!empty && curWidth + 1 + w > WIDTH) {
        out.append(cur).append('\n');
        cur.setLength(0);
        cur.append(" ".repeat(hang));
        curWidth = hang;
        empty = true;
      }
      List<String> pieces = hardSplit(word, HARD - hang);
      for (String piece : pieces) {
        if (!empty && pieces.size() > 1) { // each piece of an over-long word on a line of its own
          out.append(cur).append('\n');
          cur.setLength(0);
          cur.append(" ".repeat(hang));
          curWidth = hang;
          empty = true;
        }
        if (!empty) {
          cur.append(' ');
          curWidth++;
        }
        cur.append(piece);
        curWidth = (int) Math.min(Integer.MAX_VALUE / 2, (long) curWidth + width(piece));
        empty = false;
      }
    }
    if (!empty) out.append(cur).append('\n');
  }

  /** The word itself when it is short enough, else pieces of at most {@code max} characters. */
  private static List<String> hardSplit(String word, int max) {
    if (word.length() <= max) return List.of(word);
    List<String> pieces = new ArrayList<>();
    int from = 0;
    while (word.length() - from > max) {
      int end = from + max;
      int open = word.lastIndexOf(Field.OPEN, end - 1);
      if (open >= from && word.indexOf(Field.CLOSE, open) >= end) end = open; // never cut a marker
      if (Character.isLowSurrogate(word.charAt(end))) end--;
      if (end <= from) end = from + max;
      pieces.add(word.substring(from, end));
      from = end;
    }
    pieces.add(word.substring(from));
    return pieces;
  }

  /** Display width in code points, a marker counting as its field's typical value. */
  static int width(String s) {
    return width(s, 0, s.length());
  }

  /** {@code width(s.substring(from, to))} without the copy. */
  static int width(String s, int from, int to) {
    long w = 0;
    for (int i = from; i < to; ) {
      char c = s.charAt(i);
      if (c == Field.OPEN) {
        int close = s.indexOf(Field.CLOSE, i);
        if (close > 0 && close < to) {
          w += Field.byKey(s.substring(i + 1, close)).typicalLength();
          i = close + 1;
          continue;
        }
      }
      w++;
      i += Character.isHighSurrogate(c) && i + 1 < to ? 2 : 1;
    }
    return (int) Math.min(Integer.MAX_VALUE / 2, w);
  }
}
