package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The Node tools the tests run (Node 22, the conformance suite, the TypeScript SDK's reference
 * server), installed once by {@code scripts/conformance-tools.sh} from its committed lock file.
 */
final class NodeTools {

  private static Map<String, String> paths;

  private NodeTools() {}

  /**
   * The paths the script prints: {@code node}, {@code cli}, {@code everything}, {@code bearer} (the
   * preload that gives the suite's requests a token).
   */
  static synchronized Map<String, String> install() throws Exception {
    if (paths != null) {
      return paths;
    }
    Map<String, String> found = installedBy("conformance-tools.sh");
    assertThat(found).containsKeys("node", "cli", "everything", "bearer");
    paths = found;
    return paths;
  }

  /**
   * Runs one of the repository's install scripts ({@code scripts/<name>}) and reads the {@code
   * key=path} lines it prints.
   */
  static Map<String, String> installedBy(String name) throws Exception {
    Path script = Path.of("..", "scripts", name).toAbsolutePath().normalize();
    assertThat(script).as("the tools script").exists();
    Process install =
        new ProcessBuilder("bash", script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(install.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(install.exitValue())
        .as("scripts/%s failed (it needs npm or python3); output:%n%s", name, output)
        .isZero();
    Map<String, String> found = new TreeMap<>();
    for (String line : output.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        found.put(line.substring(0, eq), line.substring(eq + 1).trim());
      }
    }
    return found;
  }
}
