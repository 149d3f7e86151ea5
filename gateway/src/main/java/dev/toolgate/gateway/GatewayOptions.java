package dev.toolgate.gateway;

import dev.toolgate.gateway.transport.OriginPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How a gateway runs. From flags, else environment variables, else defaults:
 *
 * <pre>
 *   --config FILE           TOOLGATE_CONFIG            dev mode: the compiled config file
 *   --configmap NS/NAME     TOOLGATE_CONFIGMAP         cluster mode: the operator's ConfigMap
 *   --host ADDR             TOOLGATE_HOST              0.0.0.0
 *   --port N                TOOLGATE_PORT              8080
 *   --allowed-hosts H,H     TOOLGATE_ALLOWED_HOSTS     localhost,127.0.0.1,[::1]
 *   --max-request-bytes N   TOOLGATE_MAX_REQUEST_BYTES 4194304
 * </pre>
 *
 * @param allowedHosts Host/Origin patterns served (DNS rebinding protection), see {@link
 *     OriginPolicy}
 */
public record GatewayOptions(
    String host,
    int port,
    Path configFile,
    String configMap,
    List<String> allowedHosts,
    int maxRequestBytes,
    int maxResponseBytes,
    Duration sessionIdleTimeout,
    Duration catalogRefresh,
    Duration upstreamIdleTimeout,
    Duration handshakeTimeout) {

  public static GatewayOptions defaults() {
    return new GatewayOptions(
        "0.0.0.0",
        8080,
        null,
        null,
        OriginPolicy.LOOPBACK,
        4 * 1024 * 1024,
        32 * 1024 * 1024,
        Duration.ofMinutes(30),
        Duration.ofSeconds(30),
        Duration.ofSeconds(20),
        Duration.ofSeconds(10));
  }

  public GatewayOptions withHost(String value) {
    return with(b -> b.host = value);
  }

  public GatewayOptions withPort(int value) {
    return with(b -> b.port = value);
  }

  public GatewayOptions withConfigFile(Path value) {
    return with(b -> b.configFile = value);
  }

  public GatewayOptions withConfigMap(String value) {
    return with(b -> b.configMap = value);
  }

  public GatewayOptions withAllowedHosts(List<String> value) {
    return with(b -> b.allowedHosts = List.copyOf(value));
  }

  public GatewayOptions withMaxRequestBytes(int value) {
    return with(b -> b.maxRequestBytes = value);
  }

  public GatewayOptions withCatalogRefresh(Duration value) {
    return with(b -> b.catalogRefresh = value);
  }

  /** A copy with some fields changed: every wither names its field once, here is the rest. */
  private GatewayOptions with(Consumer<Builder> change) {
    Builder b = new Builder(this);
    change.accept(b);
    return new GatewayOptions(
        b.host,
        b.port,
        b.configFile,
        b.configMap,
        b.allowedHosts,
        b.maxRequestBytes,
        b.maxResponseBytes,
        b.sessionIdleTimeout,
        b.catalogRefresh,
        b.upstreamIdleTimeout,
        b.handshakeTimeout);
  }

  /** The fields of an options record, mutable for the moment of one {@link #with} call. */
  private static final class Builder {
    String host;
    int port;
    Path configFile;
    String configMap;
    List<String> allowedHosts;
    int maxRequestBytes;
    int maxResponseBytes;
    Duration sessionIdleTimeout;
    Duration catalogRefresh;
    Duration upstreamIdleTimeout;
    Duration handshakeTimeout;

    Builder(GatewayOptions o) {
      host = o.host;
      port = o.port;
      configFile = o.configFile;
      configMap = o.configMap;
      allowedHosts = o.allowedHosts;
      maxRequestBytes = o.maxRequestBytes;
      maxResponseBytes = o.maxResponseBytes;
      sessionIdleTimeout = o.sessionIdleTimeout;
      catalogRefresh = o.catalogRefresh;
      upstreamIdleTimeout = o.upstreamIdleTimeout;
      handshakeTimeout = o.handshakeTimeout;
    }
  }

  /**
   * Reads flags and environment.
   *
   * @throws IllegalArgumentException naming the bad flag or value
   */
  public static GatewayOptions parse(String[] args, Map<String, String> env) {
    GatewayOptions options = defaults();
    options = fromEnv(options, env);
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("flag " + flag + " needs a value");
      }
      String value = args[++i];
      options =
          switch (flag) {
            case "--config" -> options.withConfigFile(Path.of(value));
            case "--configmap" -> options.withConfigMap(value);
            case "--host" -> options.withHost(value);
            case "--port" -> options.withPort(number(flag, value));
            case "--allowed-hosts" -> options.withAllowedHosts(list(value));
            case "--max-request-bytes" -> options.withMaxRequestBytes(number(flag, value));
            default -> throw new IllegalArgumentException("unknown flag " + flag);
          };
    }
    if ((options.configFile() == null) == (options.configMap() == null)) {
      throw new IllegalArgumentException(
          "give exactly one config source: --config FILE or --configmap NAMESPACE/NAME");
    }
    if (options.configMap() != null && !options.configMap().matches("[^/]+/[^/]+")) {
      throw new IllegalArgumentException(
          "--configmap expects NAMESPACE/NAME, got " + options.configMap());
    }
    return options;
  }

  private static GatewayOptions fromEnv(GatewayOptions options, Map<String, String> env) {
    if (env.get("TOOLGATE_CONFIG") != null) {
      options = options.withConfigFile(Path.of(env.get("TOOLGATE_CONFIG")));
    }
    if (env.get("TOOLGATE_CONFIGMAP") != null) {
      options = options.withConfigMap(env.get("TOOLGATE_CONFIGMAP"));
    }
    if (env.get("TOOLGATE_HOST") != null) {
      options = options.withHost(env.get("TOOLGATE_HOST"));
    }
    if (env.get("TOOLGATE_PORT") != null) {
      options = options.withPort(number("TOOLGATE_PORT", env.get("TOOLGATE_PORT")));
    }
    if (env.get("TOOLGATE_ALLOWED_HOSTS") != null) {
      options = options.withAllowedHosts(list(env.get("TOOLGATE_ALLOWED_HOSTS")));
    }
    if (env.get("TOOLGATE_MAX_REQUEST_BYTES") != null) {
      options =
          options.withMaxRequestBytes(
              number("TOOLGATE_MAX_REQUEST_BYTES", env.get("TOOLGATE_MAX_REQUEST_BYTES")));
    }
    return options;
  }

  private static int number(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " expects a number, got " + value);
    }
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
