/**
 * Checks an McpTool's worker spec for what the CRD schema cannot express and the API server would
 * otherwise reject on every retry. Validators are pure and return violations, so a webhook can use
 * them later.
 */
package dev.toolgate.operator.validation;
