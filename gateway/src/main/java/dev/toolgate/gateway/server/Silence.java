package dev.toolgate.gateway.server;

import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.routing.RoutingTable;
import java.util.List;

/** How long a client connection may stay silent while the gateway asks workers one by one. */
final class Silence {

  private Silence() {}

  /** Every worker's timeout in turn, and the margin a single call gets. */
  static long whileAsking(List<UpstreamConfig> workers, RoutingTable table) {
    long total = AggregatedForward.SILENCE_MARGIN_MILLIS;
    for (UpstreamConfig worker : workers) {
      total += table.timeoutMillis(worker);
    }
    return total;
  }
}
