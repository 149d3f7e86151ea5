package dev.toolgate.operator.model;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Cilium's {@code cilium.io/v2} CiliumNetworkPolicy, untyped below the metadata. A named type
 * rather than a plain GenericKubernetesResource, so the client can address it without API
 * discovery: the operator must start, and build its informer for it, on clusters where the CRD does
 * not exist.
 */
@Group(CiliumNetworkPolicy.GROUP)
@Version(CiliumNetworkPolicy.VERSION)
@Kind(CiliumNetworkPolicy.KIND)
@Plural(CiliumNetworkPolicy.PLURAL)
public class CiliumNetworkPolicy extends GenericKubernetesResource implements Namespaced {

  public static final String GROUP = "cilium.io";
  public static final String VERSION = "v2";
  public static final String KIND = "CiliumNetworkPolicy";
  public static final String PLURAL = "ciliumnetworkpolicies";
  public static final String CRD_NAME = PLURAL + "." + GROUP;

  public CiliumNetworkPolicy() {
    setApiVersion(GROUP + "/" + VERSION);
    setKind(KIND);
  }
}
