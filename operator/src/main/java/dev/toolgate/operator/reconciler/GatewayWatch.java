package dev.toolgate.operator.reconciler;

import dev.toolgate.api.v1alpha1.McpGateway;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether the McpGateway the operator serves exists, for the McpTool and McpScope reconcilers: when
 * it appears or goes, every McpTool (or McpScope) is reconciled, since without it nothing is
 * compiled. Its other changes reach them through the routing verdicts its reconciler publishes.
 */
final class GatewayWatch {

  static final String EVENT_SOURCE = "mcpgateway";

  private GatewayWatch() {}

  static <P extends HasMetadata> InformerEventSource<McpGateway, P> eventSource(
      Class<P> primary, ResourceID gateway, EventSourceContext<P> context) {
    String namespace = gateway.getNamespace().orElseThrow();
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(McpGateway.class, primary)
            .withName(EVENT_SOURCE)
            .withNamespaces(namespace)
            .withOnUpdateFilter(
                (now, before) -> !now.getMetadata().getUid().equals(before.getMetadata().getUid()))
            .withSecondaryToPrimaryMapper(
                found ->
                    gateway.getName().equals(found.getMetadata().getName())
                        ? context
                            .getPrimaryCache()
                            .list()
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet())
                        : Set.of())
            .build(),
        context);
  }

  /** The McpGateway as the informer has it, or empty when it does not exist. */
  @SuppressWarnings("unchecked")
  static <P extends HasMetadata> Optional<McpGateway> current(
      Context<P> context, ResourceID gateway) {
    InformerEventSource<McpGateway, P> source =
        (InformerEventSource<McpGateway, P>)
            context.eventSourceRetriever().getEventSourceFor(McpGateway.class, EVENT_SOURCE);
    return source.get(gateway);
  }
}
