package dev.toolgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the packaged components and the results live, from the repo root or a module dir. */
final class RepoPaths {

  private RepoPaths() {}

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("run the benchmarks inside the Toolgate repository");
    }
    return dir;
  }

  /** A packaged jar, failing clearly when the module was not built. */
  static Path jar(String module, String name) {
    Path jar = root().resolve(module).resolve("target").resolve(name);
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build it with ./mvnw -DskipTests package");
    }
    return jar;
  }
}
