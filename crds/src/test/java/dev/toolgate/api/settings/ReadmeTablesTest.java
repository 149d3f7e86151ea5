package dev.toolgate.api.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReadmeTablesTest {

  private static final String README =
      """
      # Demo

      Net settings:

      <!-- settings-table: net -->
      | stale | table |
      <!-- end settings-table -->

      Text after.
      """;

  @Test
  void rewritesOnlyWhatLiesBetweenTheMarkers() {
    String regenerated = ReadmeTables.regenerate(README, SettingCatalogTest.CATALOG);
    assertThat(regenerated)
        .startsWith("# Demo\n\nNet settings:\n\n<!-- settings-table: net -->\n\n| flag / variable")
        .contains("| `--port` / `TOOLGATE_PORT` | `8080` |")
        .doesNotContain("stale")
        .doesNotContain("--verbose")
        .endsWith(
            "| how long |\n| `--hosts` / `TOOLGATE_HOSTS` | `localhost` | a comma-separated"
                + " list | hosts served |\n\n<!-- end settings-table -->\n\nText after.\n");
  }

  @Test
  void regeneratingTwiceChangesNothing() {
    String once = ReadmeTables.regenerate(README, SettingCatalogTest.CATALOG);
    assertThat(ReadmeTables.regenerate(once, SettingCatalogTest.CATALOG)).isEqualTo(once);
  }

  @Test
  void findsTheGroupsTheReadmeHasTablesOf() {
    assertThat(ReadmeTables.groupsIn(README)).containsExactly("net");
  }

  @Test
  void aMarkerOfAGroupWithoutSettingsIsAnError() {
    assertThatThrownBy(
            () ->
                ReadmeTables.regenerate(
                    "<!-- settings-table: nope -->\n<!-- end settings-table -->",
                    SettingCatalogTest.CATALOG))
        .hasMessageContaining("'nope'")
        .hasMessageContaining("[net, misc]");
  }
}
