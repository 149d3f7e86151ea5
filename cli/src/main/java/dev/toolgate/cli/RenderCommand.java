package dev.toolgate.cli;

import dev.toolgate.cli.check.Compilation;
import dev.toolgate.cli.render.OperatorObjects;
import dev.toolgate.cli.resources.ManifestReader;
import dev.toolgate.cli.resources.Manifests;
import dev.toolgate.cli.resources.Problem;
import dev.toolgate.operator.config.OperatorSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code toolgate render}: the Kubernetes objects and the gateway config the operator would create
 * for the files, built by the operator's own validator, compiler and model, as multi-document YAML
 * on stdout (problems on stderr), for GitOps diffs and CI.
 */
final class RenderCommand {

  static final Flag CILIUM =
      new Flag(
          "--cilium",
          null,
          null,
          null,
          "false",
          "render as on a cluster with Cilium's CRDs (CiliumNetworkPolicy for host egress)");

  static final Command COMMAND =
      new Command(
          "render",
          "Prints the Kubernetes objects and the gateway config the operator would create for the"
              + " files (multi-document YAML).",
          CommonFlags.with(CILIUM),
          RenderCommand::run);

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private RenderCommand() {}

  static int run(Args args) throws Exception {
    Manifests manifests = ManifestReader.read(CommonFlags.directory(args));
    OperatorSettings settings = CommonFlags.operatorSettings(args);
    Compilation compilation = Compilation.of(manifests, settings);
    for (Problem problem : compilation.problems()) {
      System.err.println(problem);
    }
    print(render(compilation, settings, args.isOn(CILIUM.name())), System.out);
    return 0;
  }

  static List<HasMetadata> render(
      Compilation compilation, OperatorSettings settings, boolean cilium) {
    return OperatorObjects.of(
        compilation.validTools(),
        compilation.config(),
        settings.namespace(),
        settings.worker(),
        cilium);
  }

  static void print(List<HasMetadata> objects, PrintStream out) {
    out.println(
        "# Rendered by `toolgate render` with the operator's model; the operator adds owner"
            + " references (UIDs) when it applies.");
    for (HasMetadata object : objects) {
      String yaml = YAML.asYaml(object);
      out.print(yaml.startsWith("---") ? yaml : "---\n" + yaml);
      if (!yaml.endsWith("\n")) {
        out.println();
      }
    }
  }
}
