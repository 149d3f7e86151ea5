package dev.toolgate.cli.render;

import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.model.GatewayConfigMap;
import dev.toolgate.operator.model.WorkerDeployment;
import dev.toolgate.operator.model.WorkerFqdnPolicy;
import dev.toolgate.operator.model.WorkerNetworkPolicy;
import dev.toolgate.operator.model.WorkerService;
import dev.toolgate.operator.model.WorkerServiceAccount;
import dev.toolgate.operator.model.WorkerSettings;
import dev.toolgate.operator.model.WorkerSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kubernetes objects the operator creates, built by the operator's own model package: per
 * McpTool it runs (valid, not remote) a ServiceAccount, a Deployment, a Service and a
 * NetworkPolicy, plus a CiliumNetworkPolicy for host egress where Cilium is installed; and the
 * gateway's ConfigMap in the operator's namespace. Owner references carry the UIDs the API server
 * assigns, so they are added when the operator applies and are not part of this.
 */
public final class OperatorObjects {

  private OperatorObjects() {}

  public static List<HasMetadata> of(
      List<McpTool> validTools,
      GatewayConfig config,
      String operatorNamespace,
      WorkerSettings settings,
      boolean ciliumPresent) {
    List<HasMetadata> objects = new ArrayList<>();
    for (McpTool tool : validTools) {
      if (!WorkerSpec.runsWorker(tool)) {
        continue;
      }
      WorkerSpec worker = WorkerSpec.of(tool);
      boolean fqdn = ciliumPresent && !worker.hostEgress().isEmpty();
      objects.add(WorkerServiceAccount.build(worker));
      objects.add(WorkerDeployment.build(worker, settings));
      objects.add(WorkerService.build(worker));
      objects.add(WorkerNetworkPolicy.build(worker, settings, fqdn));
      if (fqdn) {
        objects.add(WorkerFqdnPolicy.build(worker, settings));
      }
    }
    objects.add(GatewayConfigMap.build(operatorNamespace, config));
    return objects;
  }
}
