package dev.toolgate.api.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingCatalogTest {

  enum Mode {
    FAST,
    SAFE_AND_SLOW
  }

  static final Setting<Integer> PORT =
      Setting.of("port", SettingType.port(), 8080, "port to listen on").inGroup("net");
  static final Setting<Duration> TIMEOUT =
      Setting.of("timeout", SettingType.positiveDuration(), Duration.ofSeconds(30), "how long")
          .inGroup("net");
  static final Setting<Boolean> VERBOSE =
      Setting.of("verbose", SettingType.bool(), false, "say more").asSwitch().inGroup("misc");
  static final Setting<List<String>> HOSTS =
      Setting.of("hosts", SettingType.list(), List.of("localhost"), "hosts served").inGroup("net");
  static final Setting<Mode> MODE =
      Setting.of("mode", SettingType.choice(Mode.class), Mode.FAST, "how").inGroup("misc");
  static final Setting<Path> KEY_FILE =
      Setting.of("key-file", SettingType.path(), null, "the key").inGroup("misc");
  static final Setting<Long> BUDGET =
      Setting.of("budget", SettingType.bytes(), 256L * 1024, "bytes").inGroup("misc");
  static final Setting<Map<String, String>> LABELS =
      Setting.of("labels", SettingType.labels(), Map.of("app", "x"), "pod labels").inGroup("misc");
  static final Setting<String> TARGET =
      Setting.of("target", SettingType.namespacedName(), null, "where").inGroup("misc");
  static final Setting<String> NAMESPACE =
      Setting.of("namespace", SettingType.text(), "default-ns", "where it runs")
          .orEnv("POD_NAMESPACE")
          .inGroup("misc");
  static final Setting<Integer> RATE =
      Setting.of("rate", SettingType.integer(1, 100), 10, "per second").inGroup("misc");

  static final SettingCatalog CATALOG =
      new SettingCatalog(
          "demo",
          List.of(
              PORT, TIMEOUT, VERBOSE, HOSTS, MODE, KEY_FILE, BUDGET, LABELS, TARGET, NAMESPACE,
              RATE));

  @Test
  void aFlagWinsOverItsVariableAndTheVariableOverTheDefault() {
    assertThat(CATALOG.parse(new String[0], Map.of()).get(PORT)).isEqualTo(8080);
    assertThat(CATALOG.parse(new String[0], Map.of("TOOLGATE_PORT", "7000")).get(PORT))
        .isEqualTo(7000);
    assertThat(
            CATALOG
                .parse(new String[] {"--port", "6000"}, Map.of("TOOLGATE_PORT", "7000"))
                .get(PORT))
        .isEqualTo(6000);
    assertThat(CATALOG.parse(new String[] {"--port=5000"}, Map.of()).get(PORT)).isEqualTo(5000);
  }

  @Test
  void onlyTheWinningValueIsRead() {
    // A bad variable under a good flag is never read, so it cannot stop the program.
    assertThat(
            CATALOG
                .parse(new String[] {"--port=6000"}, Map.of("TOOLGATE_PORT", "not-a-port"))
                .get(PORT))
        .isEqualTo(6000);
  }

  @Test
  void aFallbackVariableCountsOnlyWhenTheSettingsOwnIsUnset() {
    assertThat(CATALOG.parse(new String[0], Map.of("POD_NAMESPACE", "pods")).get(NAMESPACE))
        .isEqualTo("pods");
    assertThat(
            CATALOG
                .parse(new String[0], Map.of("POD_NAMESPACE", "pods", "TOOLGATE_NAMESPACE", "mine"))
                .get(NAMESPACE))
        .isEqualTo("mine");
    assertThat(CATALOG.parse(new String[0], Map.of()).get(NAMESPACE)).isEqualTo("default-ns");
  }

  @Test
  void anEmptyValueCountsAsNotGiven() {
    SettingValues values = CATALOG.parse(new String[] {"--hosts="}, Map.of("TOOLGATE_PORT", " "));
    assertThat(values.get(PORT)).isEqualTo(8080);
    assertThat(values.isGiven(PORT)).isFalse();
    assertThat(values.get(HOSTS)).containsExactly("localhost");
  }

  @Test
  void aSwitchStandsAloneOrTakesAValue() {
    assertThat(CATALOG.parse(new String[] {"--verbose"}, Map.of()).get(VERBOSE)).isTrue();
    assertThat(CATALOG.parse(new String[] {"--verbose", "--port", "1"}, Map.of()).get(VERBOSE))
        .isTrue();
    assertThat(CATALOG.parse(new String[] {"--verbose", "false"}, Map.of()).get(VERBOSE)).isFalse();
    assertThatThrownBy(() -> Setting.of("n", SettingType.port(), 1, "x").asSwitch())
        .hasMessageContaining("boolean");
  }

  @Test
  void readsEveryType() {
    SettingValues values =
        CATALOG.parse(
            new String[] {
              "--timeout=1h30m",
              "--hosts= a.example, ,b.example ",
              "--mode=safe-and-slow",
              "--key-file=/etc/key",
              "--budget=1Mi",
              "--labels=k8s-app=kube-dns, tier=dns",
              "--target=ns/name",
              "--rate=100"
            },
            Map.of());
    assertThat(values.get(TIMEOUT)).isEqualTo(Duration.ofMinutes(90));
    assertThat(values.get(HOSTS)).containsExactly("a.example", "b.example");
    assertThat(values.get(MODE)).isEqualTo(Mode.SAFE_AND_SLOW);
    assertThat(values.get(KEY_FILE)).isEqualTo(Path.of("/etc/key"));
    assertThat(values.get(BUDGET)).isEqualTo(1024L * 1024);
    assertThat(values.get(LABELS))
        .containsEntry("k8s-app", "kube-dns")
        .containsEntry("tier", "dns");
    assertThat(values.get(TARGET)).isEqualTo("ns/name");
    assertThat(values.get(RATE)).isEqualTo(100);
  }

  @Test
  void badValuesNameTheFlagWhatItExpectsAndWhereTheValueCameFrom() {
    assertBad(new String[] {"--port=http"}, "--port expects a number from 0 to 65535, got 'http'");
    assertBad(new String[] {"--port=65536"}, "--port expects a number from 0 to 65535");
    assertBad(new String[] {"--rate=0"}, "--rate expects a number from 1 to 100, got '0'");
    assertBad(new String[] {"--timeout=soon"}, "--timeout expects a duration such as 30s or 5m");
    assertBad(new String[] {"--timeout=0s"}, "30s or 5m above zero, got '0s'");
    assertBad(new String[] {"--verbose=yes"}, "--verbose expects true or false, got 'yes'");
    assertBad(new String[] {"--mode=quick"}, "--mode expects fast or safe-and-slow, got 'quick'");
    assertBad(new String[] {"--budget=lots"}, "--budget expects a byte count like 262144");
    assertBad(new String[] {"--labels=k8s-app"}, "--labels expects key=value pairs");
    assertBad(new String[] {"--target=nameonly"}, "--target expects NAMESPACE/NAME");
    assertBad(new String[] {"--key-file=a\0b"}, "--key-file expects a file path");
    assertThatThrownBy(() -> CATALOG.parse(new String[0], Map.of("TOOLGATE_PORT", "x")))
        .hasMessage("--port expects a number from 0 to 65535, got 'x' (from TOOLGATE_PORT)");
  }

  @Test
  void unknownFlagsMissingValuesAndStrayArgumentsAreErrors() {
    assertBad(new String[] {"--prot=1"}, "unknown flag --prot (see --help)");
    assertBad(new String[] {"--port"}, "flag --port needs a value");
    assertBad(new String[] {"port"}, "unexpected argument 'port'");
  }

  @Test
  void aSettingDeclaredTwiceIsRefused() {
    assertThatThrownBy(() -> new SettingCatalog("twice", List.of(PORT, PORT)))
        .hasMessageContaining("--port is declared twice");
  }

  @Test
  void valuesAreOnlyAskedOfTheirOwnCatalog() {
    Setting<Integer> stranger = Setting.of("port", SettingType.port(), 1, "another");
    assertThatThrownBy(() -> CATALOG.defaults().get(stranger))
        .hasMessageContaining("not a setting of demo");
  }

  @Test
  void defaultsReadBackAsThemselves() {
    for (Setting<?> setting : CATALOG.settings()) {
      assertThat(roundTrip(setting)).as(setting.flag()).isTrue();
    }
  }

  private static <T> boolean roundTrip(Setting<T> setting) {
    return setting.defaultValue() == null
        || setting.type().parse(setting.defaultText()).equals(setting.defaultValue());
  }

  @Test
  void helpListsEveryFlagItsVariablesWhatItTakesAndItsDefault() {
    String help = CATALOG.help();
    assertThat(help)
        .startsWith("usage: demo ")
        .contains("  --port  (TOOLGATE_PORT)  a number from 0 to 65535; default 8080\n")
        .contains("      port to listen on\n")
        .contains("--namespace  (TOOLGATE_NAMESPACE, else POD_NAMESPACE)")
        .contains("--verbose  (TOOLGATE_VERBOSE)  true or false; alone: true; default false")
        .contains("--mode  (TOOLGATE_MODE)  fast or safe-and-slow; default fast")
        .contains(
            "--budget  (TOOLGATE_BUDGET)  a byte count like 262144, 256Ki or 1Mi;"
                + " default 256Ki")
        .contains("--key-file  (TOOLGATE_KEY_FILE)  a file path\n");
  }

  @Test
  void theMarkdownTableListsOneGroup() {
    assertThat(CATALOG.markdownTable("net"))
        .isEqualTo(
            """
            | flag / variable | default | value | what it does |
            | --- | --- | --- | --- |
            | `--port` / `TOOLGATE_PORT` | `8080` | a number from 0 to 65535 | port to listen on |
            | `--timeout` / `TOOLGATE_TIMEOUT` | `30s` | a duration such as 30s or 5m above zero | how long |
            | `--hosts` / `TOOLGATE_HOSTS` | `localhost` | a comma-separated list | hosts served |
            """);
    assertThat(CATALOG.markdownTable("misc"))
        .contains("| `--key-file` / `TOOLGATE_KEY_FILE` | (none) |")
        .contains(
            "| `--verbose` / `TOOLGATE_VERBOSE` | `false` | true or false; the flag alone: true |")
        .contains("`--namespace` / `TOOLGATE_NAMESPACE`, `POD_NAMESPACE` | `default-ns`");
    assertThat(CATALOG.groups()).containsExactly("net", "misc");
  }

  @Test
  void aDefaultComputedAtRunTimeIsShownAsDescribed() {
    Setting<Path> dir =
        Setting.of("dir", SettingType.path(), Path.of("/tmp/x"), "where")
            .defaultShownAs("x in the temp directory");
    assertThat(dir.defaultText()).isEqualTo("x in the temp directory");
    SettingCatalog catalog = new SettingCatalog("d", List.of(dir.inGroup("g")));
    assertThat(catalog.help()).contains("default x in the temp directory");
    // Not in backticks: it is a description, not a value to type.
    assertThat(catalog.markdownTable("g")).contains("| x in the temp directory |");
  }

  private static void assertBad(String[] args, String message) {
    assertThatThrownBy(() -> CATALOG.parse(args, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
