/**
 * What the last compile of all McpTools and McpScopes decided for each of them, and whether the
 * gateway serves each route ({@link dev.toolgate.operator.routing.GatewayDelivery}, from the
 * gateway's report on its McpGateway). The McpGateway reconciler publishes it; the McpTool and
 * McpScope reconcilers read it for their status and are woken when their part of it changes.
 */
package dev.toolgate.operator.routing;
