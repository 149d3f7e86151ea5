package dev.toolgate.api.compiler;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Which custom resource a violation is about. */
public record ResourceRef(String kind, String namespace, String name) {

  public static ResourceRef of(HasMetadata resource) {
    return new ResourceRef(
        resource.getKind(),
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName());
  }

  /** {@code <namespace>/<name>}, as upstream ids and scope sources are written. */
  public String id() {
    return namespace + "/" + name;
  }

  @Override
  public String toString() {
    return kind + " " + id();
  }
}
