/**
 * What the gateway tells the cluster about itself: after every attempt to load a config, and when
 * the tools it finds at run time change, it writes {@code status.gateway} of its own McpGateway
 * (loaded or refused config hash, the {@code ConfigLoaded} condition, name collisions, tool
 * definitions the config does not record yet), off the request path, coalesced and retried. The
 * operator reads it to decide whether a route is served.
 */
package dev.toolgate.gateway.report;
