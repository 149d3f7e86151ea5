/**
 * The pure compiler from McpTools and McpScopes to the gateway config. No I/O and no clock: the
 * same resources in any order give the same config, byte for byte. Every problem is reported as a
 * {@link dev.toolgate.api.compiler.Violation} naming the resource and field; the part it affects is
 * left out of the config (fail closed) while everything valid keeps routing.
 */
package dev.toolgate.api.compiler;
