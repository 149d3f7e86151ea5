package dev.toolgate.gateway.transport;

import dev.toolgate.gateway.upstream.RelayPlan;
import dev.toolgate.gateway.upstream.UpstreamRelay;
import org.eclipse.jetty.client.Request;

/**
 * Size limits of relayed worker answers.
 *
 * @param maxResponseBytes the largest JSON answer buffered from a worker
 * @param maxEventBytes the largest single event of a worker's stream
 */
public record RelayLimits(int maxResponseBytes, int maxEventBytes) {

  /** Sends {@code request} to the worker and relays its answer to {@code client} within limits. */
  public void relay(RelayPlan plan, ResponseStream client, Request request) {
    new UpstreamRelay(plan, client, maxResponseBytes, maxEventBytes).start(request);
  }
}
