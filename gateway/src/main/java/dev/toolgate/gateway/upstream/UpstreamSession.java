package dev.toolgate.gateway.upstream;

import java.net.URI;

/**
 * A session the gateway holds on one worker.
 *
 * @param upstreamId the worker's id ({@code ns/name})
 * @param url the worker's MCP endpoint, fixed for the session's life: a config change of the URL
 *     applies to new sessions, the old worker keeps serving the ones it has
 * @param sessionId the worker's {@code Mcp-Session-Id}, {@code null} for a stateless worker
 * @param protocolVersion the version negotiated with the worker, sent on every request
 */
public record UpstreamSession(
    URI url, String upstreamId, String sessionId, String protocolVersion) {}
