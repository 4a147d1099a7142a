package dev.paperboy.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration or preference file that cannot be used; carries every problem found, not just the first. */
public final class ConfigException extends RuntimeException implements BadInput {
  private final List<Problem> problems;

  public ConfigException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining(System.lineSeparator())));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(Location location, String message) {
    this(List.of(Problem.error(location, message)));
  }

  public List<Problem> problems() {
    return problems;
  }
}
