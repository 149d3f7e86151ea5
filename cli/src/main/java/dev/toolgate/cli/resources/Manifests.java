package dev.toolgate.cli.resources;

import dev.toolgate.api.compiler.ResourceRef;
import dev.toolgate.api.v1alpha1.McpGateway;
import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpTool;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Every Toolgate resource found under a directory, the problems met reading them, and how many
 * other documents (Namespaces, Argo CD Applications, ...) were passed over.
 */
public record Manifests(
    Path directory, List<Manifest> manifests, List<Problem> problems, int otherDocuments) {

  public Manifests {
    manifests = List.copyOf(manifests);
    problems = List.copyOf(problems);
  }

  public List<McpTool> tools() {
    return typed(McpTool.class);
  }

  public List<McpScope> scopes() {
    return typed(McpScope.class);
  }

  public List<McpGateway> gateways() {
    return typed(McpGateway.class);
  }

  /** The file a resource came from, for problems the compiler reports by resource. */
  public Optional<Path> fileOf(ResourceRef ref) {
    return manifests.stream()
        .filter(m -> m.resource() != null && ResourceRef.of(m.resource()).equals(ref))
        .map(Manifest::file)
        .findFirst();
  }

  private <T> List<T> typed(Class<T> type) {
    return manifests.stream()
        .map(Manifest::resource)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }
}
