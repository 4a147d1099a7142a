package dev.paperboy.cli;

import java.util.Locale;

/** Counts in the commands' messages, so that one of a thing is never "1 papers". */
final class Nouns {
  private Nouns() {}

  /** "1 paper", "2 papers", "1,204 entries": the number grouped, the noun made plural when it is not one. */
  static String count(long n, String noun) {
    return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? noun : plural(noun));
  }

  private static String plural(String noun) {
    int last = noun.length() - 1;
    if (noun.endsWith("y") && last > 0 && "aeiou".indexOf(noun.charAt(last - 1)) < 0) return noun.substring(0, last) + "ies";
    if (noun.endsWith("s") || noun.endsWith("x") || noun.endsWith("ch") || noun.endsWith("sh")) return noun + "es";
    return noun + "s";
  }
}
