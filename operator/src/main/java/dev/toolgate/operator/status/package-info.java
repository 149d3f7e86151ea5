/**
 * Status of McpTools and McpScopes as Kubernetes conditions: positive types, CamelCase reasons,
 * per-condition observedGeneration, and lastTransitionTime kept until the status flips. Pure: the
 * reconcilers feed in what they observed and a clock.
 */
package dev.toolgate.operator.status;
