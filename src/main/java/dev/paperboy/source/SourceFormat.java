package dev.paperboy.source;

import java.util.Locale;

/** The formats Paperboy reads; {@link #AUTO} means "look at the content and decide". */
public enum SourceFormat {
  AUTO("auto"),
  LISTING("listing"),
  HF_JSON("hf-json"),
  ARXIV("arxiv");

  private final String cliName;

  SourceFormat(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static SourceFormat fromCliName(String name) {
    for (SourceFormat f : values()) {
      if (f.cliName.equals(name.toLowerCase(Locale.ROOT))) return f;
    }
    throw new IllegalArgumentException("unknown format '" + name + "' (expected auto, listing, hf-json or arxiv)");
  }

  @Override
  public String toString() {
    return cliName;
  }
}
