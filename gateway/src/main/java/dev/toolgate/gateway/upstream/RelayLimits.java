package dev.toolgate.gateway.upstream;

import dev.toolgate.gateway.http.ResponseStream;
import org.eclipse.jetty.client.Request;

/**
 * Size limits of relayed worker answers.
 *
 * @param maxResponseBytes the largest JSON answer buffered from a worker
 * @param maxEventBytes the largest single event of a worker's stream
 */
public record RelayLimits(int maxResponseBytes, int maxEventBytes) {

  /**
   * Sends {@code request} to the worker and relays its answer to {@code client} within limits.
   *
   * @return the running relay, to stop it when the client goes away
   */
  public UpstreamRelay relay(RelayPlan plan, ResponseStream client, Request request) {
    UpstreamRelay relay = new UpstreamRelay(plan, client, maxResponseBytes, maxEventBytes);
    relay.start(request);
    return relay;
  }
}
