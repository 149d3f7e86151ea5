/** Helpers for the policy stages' in-memory state; knows nothing of calls or of other machinery. */
package dev.toolgate.gateway.state;
