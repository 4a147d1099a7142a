package dev.paperboy.config;

/** A place in a user's file, printed the way compilers and editors expect: {@code FILE:LINE:COLUMN}. */
public record Location(String file, int line, int column) {

  public static Location of(String file) {
    return new Location(file, 0, 0);
  }

  @Override
  public String toString() {
    if (line <= 0) return file;
    return column <= 0 ? file + ":" + line : file + ":" + line + ":" + column;
  }
}
