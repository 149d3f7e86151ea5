package dev.toolgate.cli.check;

import dev.toolgate.api.compiler.CompileResult;
import dev.toolgate.api.compiler.GatewayConfigCompiler;
import dev.toolgate.api.compiler.ResourceRef;
import dev.toolgate.api.compiler.Violation;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.v1alpha1.McpGateway;
import dev.toolgate.api.v1alpha1.McpGatewaySpec;
import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.cli.resources.Manifest;
import dev.toolgate.cli.resources.ManifestReader;
import dev.toolgate.cli.resources.Manifests;
import dev.toolgate.cli.resources.Problem;
import dev.toolgate.operator.config.OperatorSettings;
import dev.toolgate.operator.validation.GatewaySpecResolver;
import dev.toolgate.operator.validation.McpToolValidator;
import dev.toolgate.operator.validation.PlatformPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the operator would make of the resources in a directory: each McpTool through its validator
 * (which decides whether the worker is applied), all McpTools and McpScopes the McpGateway serves
 * through the gateway config compiler, with the McpGateway's spec when the directory holds it.
 * Every finding becomes a {@link Problem}, plus the schema's, plus the CEL rules left to the API
 * server.
 *
 * @param config the gateway config the operator would write
 * @param validTools the McpTools whose worker the operator would apply (no validator violation)
 * @param problems everything wrong, in file order
 * @param unevaluated what applies to these files and is not checked offline: CEL rules of the
 *     schema, and the labels the platform requires on Secrets a worker's env reads
 */
public record Compilation(
    GatewayConfig config,
    List<McpTool> validTools,
    List<Problem> problems,
    List<Unevaluated> unevaluated) {

  /** A rule at a field of a resource in a file, left to the API server or the operator. */
  public record Unevaluated(
      Path file, String resource, String field, String rule, String message) {}

  public boolean hasErrors() {
    return !problems.isEmpty();
  }

  public static Compilation of(Manifests manifests, OperatorSettings settings) {
    List<Problem> problems = new ArrayList<>(manifests.problems());
    List<Unevaluated> unevaluated = new ArrayList<>();
    CrdSchema schema = CrdSchema.load();
    for (Manifest manifest : manifests.manifests()) {
      CrdSchema.Result result = schema.check(manifest);
      if (!result.errors().isEmpty()) {
        // The schema names the fields; that the operator's classes could not bind them says less.
        problems.removeIf(
            p ->
                p.file().equals(manifest.file())
                    && manifest.describe().equals(p.resource())
                    && p.message().startsWith(ManifestReader.CANNOT_BIND));
      }
      result
          .errors()
          .forEach(
              e ->
                  problems.add(
                      new Problem(
                          manifest.file(),
                          manifest.describe(),
                          e.field(),
                          e.message(),
                          Problem.SCHEMA,
                          null)));
      result
          .unevaluated()
          .forEach(
              r ->
                  unevaluated.add(
                      new Unevaluated(
                          manifest.file(), manifest.describe(), r.field(), r.rule(), r.message())));
    }

    McpGateway gateway = gatewayOf(manifests, settings);
    GatewaySpecResolver.Resolved resolved =
        GatewaySpecResolver.resolve(
            gateway == null ? new McpGatewaySpec() : gateway.getSpec(),
            settings.compilerSettings());
    if (!resolved.isValid()) {
      Path file = manifests.fileOf(ResourceRef.of(gateway)).orElse(null);
      for (String problem : resolved.problems()) {
        int colon = problem.indexOf(": ");
        problems.add(
            new Problem(
                file,
                ResourceRef.of(gateway).toString(),
                colon > 0 ? problem.substring(0, colon) : null,
                colon > 0 ? problem.substring(colon + 2) : problem,
                Problem.VALIDATOR,
                "InvalidSpec"));
      }
    }

    List<McpTool> validTools = new ArrayList<>();
    for (McpTool tool : manifests.tools()) {
      // The same checks, with the same settings, as the operator's reconciler makes.
      List<Violation> violations =
          new ArrayList<>(
              McpToolValidator.validate(
                  tool, settings.worker().egress(), settings.worker().gatewayJwks() != null));
      PlatformPolicy platform = settings.platform();
      // Secrets stay out of git, so their labels are the one platform rule left to the cluster.
      violations.addAll(platform.check(tool, (namespace, name) -> true));
      if (platform.limitsEnvSecrets()) {
        for (String secret : PlatformPolicy.envSecretNames(tool)) {
          unevaluated.add(
              new Unevaluated(
                  manifests.fileOf(ResourceRef.of(tool)).orElse(null),
                  ResourceRef.of(tool).toString(),
                  "spec.env",
                  "--env-secret-label=" + platform.envSecretSelector(),
                  "Secret "
                      + secret
                      + " must carry "
                      + platform.envSecretSelector()
                      + "; the operator checks it in the cluster"));
        }
      }
      if (violations.isEmpty()) {
        validTools.add(tool);
      }
      violations.forEach(v -> problems.add(problem(manifests, v, Problem.VALIDATOR)));
    }
    List<McpTool> served =
        manifests.tools().stream()
            .filter(t -> resolved.serves(t.getMetadata().getNamespace()))
            .toList();
    List<McpScope> scopes =
        manifests.scopes().stream()
            .filter(s -> resolved.serves(s.getMetadata().getNamespace()))
            .toList();
    CompileResult compiled = GatewayConfigCompiler.compile(served, scopes, resolved.settings());
    compiled.violations().forEach(v -> problems.add(problem(manifests, v, Problem.COMPILER)));
    return new Compilation(compiled.config(), validTools, sorted(problems), unevaluated);
  }

  /** The McpGateway this operator compiles for, when the directory holds it. */
  private static McpGateway gatewayOf(Manifests manifests, OperatorSettings settings) {
    return manifests.gateways().stream()
        .filter(g -> g.getMetadata().getName().equals(settings.mcpGateway()))
        .filter(g -> g.getMetadata().getNamespace().equals(settings.namespace()))
        .findFirst()
        .orElse(null);
  }

  private static Problem problem(Manifests manifests, Violation v, String check) {
    return new Problem(
        manifests.fileOf(v.resource()).orElse(null),
        v.resource().toString(),
        v.field(),
        v.message(),
        check,
        v.reason());
  }

  /** Problems grouped by file, in the order they were found within a file. */
  private static List<Problem> sorted(List<Problem> problems) {
    Map<String, List<Problem>> byFile = new LinkedHashMap<>();
    for (Problem p : problems) {
      byFile.computeIfAbsent(String.valueOf(p.file()), f -> new ArrayList<>()).add(p);
    }
    List<Problem> out = new ArrayList<>();
    byFile.keySet().stream().sorted().forEach(f -> out.addAll(byFile.get(f)));
    return out;
  }
}
