/**
 * What the last compile of all McpTools and McpScopes decided for each of them. The gateway config
 * reconciler publishes it; the McpTool and McpScope reconcilers read it for their status and are
 * woken when their part of it changes.
 */
package dev.toolgate.operator.routing;
