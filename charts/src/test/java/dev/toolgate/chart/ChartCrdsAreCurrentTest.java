package dev.toolgate.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart installs exactly the generated CRDs. A local build copies them into the chart; in CI
 * (no copy) a stale chart fails here.
 */
class ChartCrdsAreCurrentTest {

  @Test
  void chartCrdsAreByteForByteTheGeneratedOnes() throws IOException {
    Path generated = Chart.REPO.resolve("crds/generated");
    Path chart = Chart.DIR.resolve("crds");
    assertThat(names(chart)).isEqualTo(names(generated));
    for (String name : names(generated)) {
      assertThat(Files.readString(chart.resolve(name)))
          .as(
              "charts/toolgate/crds/%s differs from crds/generated/%s: run ./mvnw -pl charts"
                  + " generate-test-resources (outside CI) and commit the copy",
              name, name)
          .isEqualTo(Files.readString(generated.resolve(name)));
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
