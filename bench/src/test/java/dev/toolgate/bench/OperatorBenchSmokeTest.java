package dev.toolgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator benchmark end to end at a tiny size, so it cannot rot between real runs. */
class OperatorBenchSmokeTest {

  @Test
  void measuresASmallFleetAndWritesAReport(@TempDir Path out) throws Exception {
    Path report = OperatorBench.run(List.of(5), out, "smoke test");

    String markdown = Files.readString(report);
    assertThat(markdown).contains("# Operator scale", "| cores |", "| 5 | 1 |");
    String json = Files.readString(Path.of(report.toString().replace(".md", ".json")));
    assertThat(json).contains("\"allRoutedSeconds\"", "\"heapMiB\"");
  }
}
