package dev.toolgate.gateway.transport;

import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * DNS rebinding protection (transport spec, "Security Warning"): a request is served only when its
 * {@code Host} names this gateway and its {@code Origin}, when a browser sent one, does too.
 * Patterns are {@code host} (any port), {@code host:port}, or {@code *} (anything, for a gateway
 * behind an ingress that checks hosts itself).
 */
public final class OriginPolicy {

  public static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "[::1]");

  private final List<String> allowedHosts;

  public OriginPolicy(List<String> allowedHosts) {
    this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
  }

  public List<String> allowedHosts() {
    return allowedHosts;
  }

  /**
   * @throws JsonRpcException 403 naming the refused header
   */
  public void check(String host, String origin) throws JsonRpcException {
    if (host == null || !allowed(host)) {
      throw forbidden("Host " + (host == null ? "(none)" : host) + " is not served here");
    }
    if (origin != null) {
      String originHost;
      try {
        URI uri = URI.create(origin);
        originHost =
            uri.getHost() == null
                ? null
                : uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      } catch (IllegalArgumentException e) {
        originHost = null;
      }
      if (originHost == null || !allowed(originHost)) {
        throw forbidden("Origin " + origin + " is not allowed");
      }
    }
  }

  private boolean allowed(String hostAndPort) {
    String value = hostAndPort.toLowerCase(Locale.ROOT);
    String hostOnly = hostOf(value);
    for (String pattern : allowedHosts) {
      if (pattern.equals("*") || pattern.equals(value) || pattern.equals(hostOnly)) {
        return true;
      }
    }
    return false;
  }

  private static String hostOf(String hostAndPort) {
    if (hostAndPort.startsWith("[")) {
      int end = hostAndPort.indexOf(']');
      return end < 0 ? hostAndPort : hostAndPort.substring(0, end + 1);
    }
    int colon = hostAndPort.lastIndexOf(':');
    return colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
  }

  private static JsonRpcException forbidden(String message) {
    return new JsonRpcException(403, JsonRpcErrors.FORBIDDEN, "Forbidden: " + message);
  }
}
