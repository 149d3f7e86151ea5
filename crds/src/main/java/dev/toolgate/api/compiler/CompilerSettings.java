package dev.toolgate.api.compiler;

import dev.toolgate.api.config.AuthConfig;

/**
 * What the compiler needs beyond the resources.
 *
 * @param clusterDomain the cluster's DNS domain, used in worker URLs
 * @param auth the gateway's auth settings, copied into the config; may be {@code null}
 */
public record CompilerSettings(String clusterDomain, AuthConfig auth) {

  public static CompilerSettings defaults() {
    return new CompilerSettings("cluster.local", null);
  }
}
