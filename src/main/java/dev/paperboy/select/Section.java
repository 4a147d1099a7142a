package dev.paperboy.select;

import java.util.List;

/** The picks of a digest shown under one topic, best first. */
public record Section(Topic topic, List<Pick> picks) {
  public Section {
    picks = List.copyOf(picks);
  }
}
