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

  /** Sends {@code request} to the worker and relays its answer to {@code client} within limits. */
  public void relay(RelayPlan plan, ResponseStream client, Request request) {
    relayFor(plan, client).start(request);
  }

  /** A relay not yet started, to register what stops it before its request can complete. */
  public UpstreamRelay relayFor(RelayPlan plan, ResponseStream client) {
    return new UpstreamRelay(plan, client, maxResponseBytes, maxEventBytes);
  }
}
