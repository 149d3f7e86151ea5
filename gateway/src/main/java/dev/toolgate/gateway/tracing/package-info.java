/**
 * Traces of {@code tools/call}: a span per call with the policy stages as children, W3C trace
 * context from the client and to the worker. Knows nothing of the rest of the gateway (it takes
 * strings), so every layer that carries a call may use it. Off by default, and then free: the
 * pipeline gets {@link dev.toolgate.gateway.tracing.CallSpan#NONE} and allocates nothing more.
 */
package dev.toolgate.gateway.tracing;
