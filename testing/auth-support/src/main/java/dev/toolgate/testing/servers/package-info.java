/**
 * Real servers that tests and benchmarks start on loopback: Redis (Debian), the OpenTelemetry
 * Collector (built from the Go module proxy).
 */
package dev.toolgate.testing.servers;
