package dev.toolgate.operator.routing;

import dev.toolgate.api.compiler.ResourceRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The latest {@link RoutingSnapshot}, shared by the reconcilers of one operator process. Publishing
 * tells listeners which McpTools and McpScopes have a new verdict, so their status follows a
 * compile, and the gateway's report on it, without polling.
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

  /**
   * The verdict on an McpTool from a compile for the McpGateway with {@code gatewayUid}; empty when
   * the latest compile was for another one (deleted and created again) or did not see the tool.
   */
  public Optional<ToolRoute> tool(ResourceRef ref, String gatewayUid) {
    RoutingSnapshot snapshot = current;
    return Objects.equals(snapshot.gatewayUid(), gatewayUid)
        ? Optional.ofNullable(snapshot.tools().get(ref))
        : Optional.empty();
  }

  public Optional<ScopeGrant> scope(ResourceRef ref, String gatewayUid) {
    RoutingSnapshot snapshot = current;
    return Objects.equals(snapshot.gatewayUid(), gatewayUid)
        ? Optional.ofNullable(snapshot.scopes().get(ref))
        : Optional.empty();
  }

  /** Publishes a snapshot; only one thread (the McpGateway reconciler) publishes at a time. */
  public void publish(RoutingSnapshot next) {
    RoutingSnapshot previous = current;
    current = next;
    // A compile for another McpGateway (created again) is news to everyone: readers ignored the
    // verdicts of the old one's compile after it went.
    boolean sameGateway = Objects.equals(previous.gatewayUid(), next.gatewayUid());
    (sameGateway ? next.changedTools(previous) : next.tools().keySet())
        .forEach(ref -> toolListeners.forEach(l -> l.accept(ref)));
    (sameGateway ? next.changedScopes(previous) : next.scopes().keySet())
        .forEach(ref -> scopeListeners.forEach(l -> l.accept(ref)));
  }
}
