package dev.toolgate.gateway.transport;

/**
 * Size limits of relayed worker answers.
 *
 * @param maxResponseBytes the largest JSON answer buffered from a worker
 * @param maxEventBytes the largest single event of a worker's stream
 */
public record RelayLimits(int maxResponseBytes, int maxEventBytes) {}
