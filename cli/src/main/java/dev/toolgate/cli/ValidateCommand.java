package dev.toolgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.toolgate.cli.check.Compilation;
import dev.toolgate.cli.resources.ManifestReader;
import dev.toolgate.cli.resources.Manifests;
import dev.toolgate.cli.resources.Problem;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code toolgate validate}: the files checked offline against the CRD schema, the operator's
 * McpTool validator and the gateway config compiler. Exit code 1 when anything is wrong.
 */
final class ValidateCommand {

  static final Flag OUTPUT =
      new Flag("--output", "-o", "FORMAT", null, "text", "text or json (machine-readable)");

  static final Command COMMAND =
      new Command(
          "validate",
          "Checks McpTool/McpScope YAML offline with the operator's rules and the CRD schema;"
              + " exit code 1 when anything is wrong.",
          CommonFlags.with(OUTPUT),
          ValidateCommand::run);

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ValidateCommand() {}

  static int run(Args args) throws Exception {
    String format = args.get(OUTPUT.name());
    if (!format.equals("text") && !format.equals("json")) {
      throw new IllegalArgumentException("--output expects text or json, got " + format);
    }
    Manifests manifests = ManifestReader.read(CommonFlags.directory(args));
    Compilation compilation = Compilation.of(manifests, CommonFlags.operatorSettings(args));
    if (format.equals("json")) {
      System.out.println(JSON.writeValueAsString(json(manifests, compilation)));
    } else {
      text(manifests, compilation, System.out);
    }
    return compilation.hasErrors() ? 1 : 0;
  }

  static void text(Manifests manifests, Compilation compilation, PrintStream out) {
    for (Problem problem : compilation.problems()) {
      out.println(problem);
    }
    Set<String> rules = new LinkedHashSet<>();
    for (Compilation.Unevaluated rule : compilation.unevaluated()) {
      rules.add(rule.field() + ": " + rule.rule() + " (\"" + rule.message() + "\")");
    }
    if (!rules.isEmpty()) {
      out.println(
          "Not evaluated offline (CEL rules the API server applies, and Secret labels the"
              + " operator checks in the cluster):");
      rules.forEach(r -> out.println("  " + r));
    }
    List<Pin> pins = pins(compilation);
    if (!pins.isEmpty()) {
      out.println("Pinned tool definitions (a server listing another one has the tool withheld):");
      pins.forEach(pin -> out.println("  " + pin.mcpTool() + " " + pin.tool() + ": " + pin.hash()));
    }
    out.printf(
        "%s: %d McpTools, %d McpScopes, %d McpGateways: %s%n",
        manifests.directory(),
        count(manifests, "McpTool"),
        count(manifests, "McpScope"),
        count(manifests, "McpGateway"),
        compilation.hasErrors() ? compilation.problems().size() + " problems" : "valid");
  }

  /**
   * A pinned tool definition: its hash from {@code spec.tools[].schemaHash}, or for {@code
   * spec.pinSchemas} without one the words saying the first definition seen will be pinned.
   */
  record Pin(String mcpTool, String tool, String hash) {}

  static final String PINNED_AT_FIRST_SIGHT = "the first definition the gateway sees (pinSchemas)";

  static List<Pin> pins(Compilation compilation) {
    List<Pin> pins = new ArrayList<>();
    for (var upstream : compilation.config().upstreams()) {
      for (var schema : upstream.schemas()) {
        if (schema.pinned() != null) {
          pins.add(new Pin(upstream.id(), schema.name(), schema.pinned()));
        }
      }
    }
    for (var tool : compilation.validTools()) {
      String id = tool.getMetadata().getNamespace() + "/" + tool.getMetadata().getName();
      if (Boolean.TRUE.equals(tool.getSpec().getPinSchemas())
          && pins.stream().noneMatch(p -> p.mcpTool().equals(id))) {
        pins.add(new Pin(id, "*", PINNED_AT_FIRST_SIGHT));
      }
    }
    return pins;
  }

  private static long count(Manifests manifests, String kind) {
    return manifests.manifests().stream().filter(m -> m.kind().equals(kind)).count();
  }

  private static Map<String, Object> json(Manifests manifests, Compilation compilation) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("directory", manifests.directory().toString());
    out.put("valid", !compilation.hasErrors());
    List<Map<String, Object>> resources = new ArrayList<>();
    manifests
        .manifests()
        .forEach(
            m -> {
              Map<String, Object> r = new LinkedHashMap<>();
              r.put("file", m.file().toString());
              r.put("kind", m.kind());
              r.put("namespace", m.namespace());
              r.put("name", m.name());
              resources.add(r);
            });
    out.put("resources", resources);
    List<Map<String, Object>> problems = new ArrayList<>();
    for (Problem p : compilation.problems()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("file", p.file() == null ? null : p.file().toString());
      entry.put("resource", p.resource());
      entry.put("field", p.field());
      entry.put("message", p.message());
      entry.put("check", p.check());
      entry.put("reason", p.reason());
      problems.add(entry);
    }
    out.put("problems", problems);
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Compilation.Unevaluated u : compilation.unevaluated()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("file", u.file().toString());
      entry.put("resource", u.resource());
      entry.put("field", u.field());
      entry.put("rule", u.rule());
      entry.put("message", u.message());
      rules.add(entry);
    }
    out.put("notEvaluatedOffline", rules);
    List<Map<String, Object>> pinned = new ArrayList<>();
    for (Pin pin : pins(compilation)) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("mcpTool", pin.mcpTool());
      entry.put("tool", pin.tool());
      entry.put("schemaHash", pin.hash().startsWith("sha256:") ? pin.hash() : null);
      pinned.add(entry);
    }
    out.put("pinned", pinned);
    return out;
  }
}
