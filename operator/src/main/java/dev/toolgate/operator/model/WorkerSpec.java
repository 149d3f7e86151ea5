package dev.toolgate.operator.model;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.v1alpha1.EgressRule;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.api.v1alpha1.McpToolSpec;
import dev.toolgate.api.v1alpha1.Sandbox;
import dev.toolgate.api.v1alpha1.WritablePath;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;
import java.util.Objects;

/**
 * An McpTool's worker with every default applied, so the object builders read plain values and the
 * defaults live in one place. The user's spec is never changed: defaults exist only here.
 *
 * @param name the McpTool's (and the worker objects') name
 * @param namespace the McpTool's namespace
 * @param image the server's container image
 * @param port the port the server listens on
 * @param path the HTTP path of its MCP endpoint
 * @param replicas the number of worker pods
 * @param env the server's environment as given
 * @param resources requests and limits, the user's merged over {@link WorkerResources} defaults
 * @param runtimeClassName the pods' RuntimeClass, or {@code null} for the cluster default
 * @param writablePaths directories backed by emptyDirs, each with a size limit
 * @param cidrEgress egress rules that name an IP block
 * @param hostEgress egress rules that name a DNS host
 * @param gatewayJwks the worker fetches the gateway's JWKS to verify identity tokens
 */
public record WorkerSpec(
    String name,
    String namespace,
    String image,
    int port,
    String path,
    int replicas,
    List<EnvVar> env,
    ResourceRequirements resources,
    String runtimeClassName,
    List<WritablePath> writablePaths,
    List<EgressRule> cidrEgress,
    List<EgressRule> hostEgress,
    boolean gatewayJwks) {

  /** Size of a writable path whose sizeLimit is not set. */
  public static final Quantity DEFAULT_WRITABLE_SIZE = new Quantity("256Mi");

  public static final int DEFAULT_REPLICAS = 1;

  /** {@code true} when Toolgate runs the server; {@code false} for a remote server. */
  public static boolean runsWorker(McpTool tool) {
    McpToolSpec spec = tool.getSpec();
    return spec != null && spec.getRemote() == null && spec.getImage() != null;
  }

  /**
   * {@code true} when the tool declares egress to DNS hosts, which NetworkPolicy cannot express.
   */
  public static boolean hasHostEgress(McpTool tool) {
    return runsWorker(tool) && !of(tool).hostEgress().isEmpty();
  }

  /**
   * @throws IllegalArgumentException for a remote McpTool, which has no worker
   */
  public static WorkerSpec of(McpTool tool) {
    if (!runsWorker(tool)) {
      throw new IllegalArgumentException(
          "McpTool " + tool.getMetadata().getName() + " has no worker: it names a remote server");
    }
    McpToolSpec spec = tool.getSpec();
    Sandbox sandbox = spec.getSandbox() == null ? new Sandbox() : spec.getSandbox();
    List<EgressRule> egress = orEmpty(sandbox.getEgress());
    return new WorkerSpec(
        tool.getMetadata().getName(),
        tool.getMetadata().getNamespace(),
        spec.getImage(),
        Objects.requireNonNullElse(spec.getPort(), ToolgateNames.DEFAULT_PORT),
        Objects.requireNonNullElse(spec.getPath(), ToolgateNames.DEFAULT_PATH),
        Objects.requireNonNullElse(spec.getReplicas(), DEFAULT_REPLICAS),
        orEmpty(spec.getEnv()),
        WorkerResources.merge(spec.getResources()),
        sandbox.getRuntimeClassName(),
        orEmpty(sandbox.getWritablePaths()).stream().map(WorkerSpec::withDefaultSize).toList(),
        egress.stream().filter(rule -> rule.getCidr() != null).toList(),
        egress.stream().filter(rule -> rule.getHost() != null).toList(),
        Boolean.TRUE.equals(sandbox.getGatewayJwks()));
  }

  private static WritablePath withDefaultSize(WritablePath path) {
    WritablePath resolved = new WritablePath();
    resolved.setPath(path.getPath());
    resolved.setSizeLimit(
        path.getSizeLimit() == null ? DEFAULT_WRITABLE_SIZE : path.getSizeLimit());
    return resolved;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }
}
