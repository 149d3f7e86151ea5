package dev.toolgate.operator.routing;

import dev.toolgate.api.compiler.ResourceRef;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The latest {@link RoutingSnapshot}, shared by the reconcilers of one operator process. Publishing
 * tells listeners which McpTools and McpScopes have a new verdict, so their status follows a
 * compile without polling.
 */
public final class RoutingState {

  private volatile RoutingSnapshot current = RoutingSnapshot.empty();
  private final List<Consumer<ResourceRef>> toolListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<ResourceRef>> scopeListeners = new CopyOnWriteArrayList<>();

  public void onToolChange(Consumer<ResourceRef> listener) {
    toolListeners.add(listener);
  }

  public void onScopeChange(Consumer<ResourceRef> listener) {
    scopeListeners.add(listener);
  }

  public Optional<ToolRoute> tool(ResourceRef ref) {
    return Optional.ofNullable(current.tools().get(ref));
  }

  public Optional<ScopeGrant> scope(ResourceRef ref) {
    return Optional.ofNullable(current.scopes().get(ref));
  }

  /** Publishes a snapshot; only one thread (the gateway config reconciler) publishes at a time. */
  public void publish(RoutingSnapshot next) {
    RoutingSnapshot previous = current;
    current = next;
    next.changedTools(previous).forEach(ref -> toolListeners.forEach(l -> l.accept(ref)));
    next.changedScopes(previous).forEach(ref -> scopeListeners.forEach(l -> l.accept(ref)));
  }
}
