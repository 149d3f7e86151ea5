package dev.toolgate.gateway.config;

import dev.toolgate.api.config.GatewayConfig;
import java.time.Instant;

/**
 * A config in force.
 *
 * @param config the parsed, validated config
 * @param hash its content hash, for logs
 * @param origin where it came from (a file path or {@code configmap ns/name})
 * @param loadedAt when it was put in force
 */
public record LoadedConfig(GatewayConfig config, String hash, String origin, Instant loadedAt) {}
