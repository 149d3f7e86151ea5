/**
 * The gateway config contract: what the operator writes to the {@code toolgate-gateway-config}
 * ConfigMap and the gateway loads. Immutable records; the wire format evolves append-only (new
 * fields are optional, boxed, and {@code null} means absent), so an older gateway reads a newer
 * config and ignores what it does not know.
 */
package dev.toolgate.api.config;
