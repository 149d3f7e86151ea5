package dev.toolgate.testing.auth;

import java.nio.file.Files;
import java.nio.file.Path;

/** The Toolgate checkout the tests run in: Maven runs them in a module's directory below it. */
final class Checkout {

  private Checkout() {}

  static Path root() {
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("scripts/oauth-client-tools.sh"))
          && Files.isRegularFile(dir.resolve("testing/authorization-server/pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("not inside a Toolgate checkout: " + start);
  }
}
