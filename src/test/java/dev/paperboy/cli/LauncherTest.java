package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The launcher script's choice of JVM options ({@code PAPERBOY_PRINT_COMMAND=1} prints the command it
 * would run), each checked against the real JVM: it must start with them.
 */
class LauncherTest {
  private static final Path LAUNCHER = Path.of("paperboy").toAbsolutePath();

  @ParameterizedTest(name = "{0} with PAPERBOY_JAVA_OPTS=''{1}''")
  @CsvSource(delimiter = '|', value = {
      "serve  |                         | -XX:+UseParallelGC",
      "bench  | -Xmx512m                | -XX:+UseParallelGC",
      "topics |                         | -XX:+UseSerialGC",
      "serve  | -Xmx256m -XX:+UseG1GC   | -XX:+UseG1GC",
      "topics | -XX:+UseG1GC            | -XX:+UseG1GC",
      "send   | -XX:+UseGCOverheadLimit | -XX:+UseParallelGC",
      "serve  | -XX:+UseParallelGC      | -XX:+UseParallelGC",
      "--config x.yaml serve   |        | -XX:+UseParallelGC",
      "--config=x.yaml -v send |        | -XX:+UseParallelGC",
      "-v topics               |        | -XX:+UseSerialGC",
  })
  void oneCollectorTheUsersWhenNamed(String command, String javaOpts, String collector) throws Exception {
    String line = launch(command, javaOpts == null ? "" : javaOpts);
    String options = line.substring(0, line.indexOf(" -jar "));
    List<String> collectors = Arrays.stream(options.split(" ")).filter(o -> o.matches("-XX:\\+Use\\w*GC")).toList();
    assertThat(collectors).containsExactly(collector);
    assertThat(options.contains("-XX:TieredStopAtLevel=1")).isEqualTo(command.endsWith("topics"));
    // the parallel collector's heap-growth goal comes with it, not with a collector the user named
    boolean named = javaOpts != null && javaOpts.matches(".*-XX:\\+Use\\w*GC\\b.*");
    assertThat(options.contains("-XX:GCTimeRatio=12")).isEqualTo(!named && collector.equals("-XX:+UseParallelGC"));
    assertThat(line).contains(" -jar ").endsWith(command + " --help");

    Process jvm = new ProcessBuilder("bash", "-c", options + " -version").redirectErrorStream(true).start();
    String said = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(jvm.exitValue()).as("java %s -version said: %s", options, said).isZero();
  }

  /**
   * The launcher's command line for {@code paperboy COMMAND --help}, shell-quoted; COMMAND may start with
   * global options.
   */
  private static String launch(String command, String javaOpts) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
    args.addAll(Arrays.asList(command.split(" ")));
    args.add("--help");
    ProcessBuilder pb = new ProcessBuilder(args).redirectErrorStream(true);
    pb.environment().put("PAPERBOY_PRINT_COMMAND", "1");
    pb.environment().put("PAPERBOY_JAVA_OPTS", javaOpts);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
