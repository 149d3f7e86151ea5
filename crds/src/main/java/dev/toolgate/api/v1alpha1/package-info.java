/**
 * The {@code toolgate.dev/v1alpha1} API: {@link dev.toolgate.api.v1alpha1.McpTool}, {@link
 * dev.toolgate.api.v1alpha1.McpScope} and {@link dev.toolgate.api.v1alpha1.McpGateway}. The CRD
 * YAML is generated from these classes; field descriptions become {@code kubectl explain} text.
 * Fields evolve append-only and are boxed: {@code null} means the user left it out, and the
 * operator never writes defaults back into a spec.
 */
package dev.toolgate.api.v1alpha1;
