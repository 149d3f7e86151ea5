package dev.toolgate.cli;

import dev.toolgate.operator.config.OperatorSettings;
import dev.toolgate.operator.config.SettingsParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Flags every command shares: where the YAML is and which operator it is checked as. */
final class CommonFlags {

  /**
   * The one operator flag every chart install sets that has no default in the operator: where
   * workers fetch the gateway's identity keys (release {@code toolgate} in {@code
   * toolgate-system}). Without it an McpTool asking for {@code sandbox.gatewayJwks} is refused, so
   * the CLI would call valid examples invalid for every chart user.
   */
  static final String CHART_OPERATOR_ARGS =
      "--gateway-jwks-url=http://toolgate-gateway-jwks.toolgate-system.svc.cluster.local:8082"
          + "/.well-known/jwks.json";

  static final Flag FILES =
      new Flag(
          "--filename",
          "-f",
          "DIR",
          null,
          "examples",
          "directory of McpTool/McpScope YAML, read recursively (as kubectl apply -R -f)");

  static final Flag OPERATOR_ARGS =
      new Flag(
          "--operator-args",
          null,
          "FLAGS",
          "TOOLGATE_OPERATOR_ARGS",
          CHART_OPERATOR_ARGS,
          "the operator's own flags, space-separated, e.g. \"--namespace=toolgate"
              + " --max-tool-timeout=2m\" (default: the operator's defaults with the JWKS URL"
              + " the chart gives it when installed as the README does)");

  private CommonFlags() {}

  /** The directory, relative names against the repository the launcher runs from. */
  static Path directory(Args args) {
    Path dir = args.path(FILES.name());
    String home = System.getProperty("toolgate.home");
    if (!dir.isAbsolute() && home != null && !dir.toFile().exists()) {
      dir = Path.of(home).resolve(dir);
    }
    return dir.toAbsolutePath().normalize();
  }

  /** The operator's settings, parsed by the operator's own parser. */
  static OperatorSettings operatorSettings(Args args) {
    String flags = args.get(OPERATOR_ARGS.name());
    List<String> split = new ArrayList<>();
    if (flags != null) {
      for (String part : flags.trim().split("\\s+")) {
        if (!part.isEmpty()) {
          split.add(part);
        }
      }
    }
    return SettingsParser.parse(split.toArray(String[]::new), Map.of());
  }

  static List<Flag> with(Flag... more) {
    List<Flag> flags = new ArrayList<>(List.of(FILES, OPERATOR_ARGS));
    flags.addAll(List.of(more));
    return List.copyOf(flags);
  }
}
