/**
 * The three controllers: McpTool (worker objects and status), McpScope (status), and the gateway
 * config (one compile of everything into the ConfigMap, anchored on the operator's namespace).
 */
package dev.toolgate.operator.reconciler;
