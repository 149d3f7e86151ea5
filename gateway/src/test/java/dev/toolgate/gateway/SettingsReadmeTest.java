package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.settings.ReadmeTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The settings tables in gateway/README.md are generated from {@link GatewayOptions#SETTINGS}: this
 * fails when they differ, and rewrites them when run with {@code -Dtoolgate.readme.update=true}.
 */
class SettingsReadmeTest {

  private static final Path README = Path.of(System.getProperty("basedir", "."), "README.md");
  private static final String FIX =
      "./mvnw -o -pl gateway test -Dtest=SettingsReadmeTest -Dtoolgate.readme.update=true"
          + " -Dsurefire.failIfNoSpecifiedTests=false";

  @Test
  void theReadmeTablesAreTheOnesTheSettingsGenerate() throws IOException {
    String committed = Files.readString(README);
    String generated = ReadmeTables.regenerate(committed, GatewayOptions.SETTINGS);
    if (Boolean.getBoolean("toolgate.readme.update")) {
      Files.writeString(README, generated);
    }
    assertThat(committed.equals(generated) || Boolean.getBoolean("toolgate.readme.update"))
        .withFailMessage(
            "gateway/README.md's settings tables differ from GatewayOptions.SETTINGS (first"
                + " difference: %s); regenerate them with: %s",
            ReadmeTables.firstDifference(committed, generated), FIX)
        .isTrue();
  }

  @Test
  void everySettingIsInExactlyOneReadmeTable() throws IOException {
    assertThat(ReadmeTables.groupsIn(Files.readString(README)))
        .containsExactlyInAnyOrderElementsOf(GatewayOptions.SETTINGS.groups());
  }
}
