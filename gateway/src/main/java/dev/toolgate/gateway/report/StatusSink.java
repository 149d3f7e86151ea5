package dev.toolgate.gateway.report;

import dev.toolgate.api.v1alpha1.GatewayReport;

/** Where reports go: {@code status.gateway} of one McpGateway. */
public interface StatusSink {

  /**
   * What the status holds now, or {@code null} when it holds no report yet.
   *
   * @throws RuntimeException when the API server cannot be asked (retried with backoff)
   */
  GatewayReport read();

  /**
   * Writes the report, and only it.
   *
   * @throws RuntimeException when the API server refuses or fails (retried with backoff)
   */
  void write(GatewayReport report);

  /** For logs, e.g. {@code McpGateway toolgate-system/toolgate}. */
  String describe();
}
