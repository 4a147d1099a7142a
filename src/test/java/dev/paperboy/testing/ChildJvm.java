package dev.paperboy.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a child JVM started with this test JVM's java and class path. */
public final class ChildJvm {
  private ChildJvm() {}

  /** {@code java OPTIONS -cp CLASSPATH MAIN ARGS}. */
  public static List<String> command(List<String> options, String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    command.addAll(List.of("-cp", classPath(), mainClass));
    command.addAll(List.of(args));
    return command;
  }

  /** Surefire puts the real class path here when it starts tests through a manifest-only jar. */
  private static String classPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }
}
