package dev.toolgate.gateway.routing;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.config.UpstreamConfig;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * How a worker's prompts and resources are named on the aggregated endpoint, and back. A prompt is
 * {@code <prefix>.<name>}, as a tool is. A resource URI or URI template is wrapped whole: {@code
 * toolgate://<prefix>/<the worker's URI, unchanged>}, so a client expanding a wrapped template
 * expands the worker's own template, and the gateway finds the worker by the prefix alone and
 * strips the wrapper. The prefix only says which worker is meant; whether the caller may use that
 * worker is decided afterwards, so a URI written by hand with another worker's prefix meets that
 * worker's authorization like any other request.
 */
public final class WorkerAddresses {

  /** The scheme and authority marker of every resource URI on the aggregated endpoint. */
  public static final String SCHEME = "toolgate://";

  private WorkerAddresses() {}

  /** A name or URI on the aggregated endpoint, resolved to its worker and the worker's own. */
  public record Addressed(UpstreamConfig upstream, String workerName) {}

  /** The aggregated URI of a worker's resource URI or URI template. */
  public static String resourceUri(UpstreamConfig upstream, String workerUri) {
    return SCHEME
        + URLEncoder.encode(upstream.toolPrefix(), StandardCharsets.UTF_8)
        + '/'
        + workerUri;
  }

  /** The aggregated name of a worker's prompt. */
  public static String promptName(UpstreamConfig upstream, String workerName) {
    return ToolgateNames.exposedName(upstream.toolPrefix(), workerName);
  }

  /** The worker and its URI behind an aggregated resource URI; empty when none is. */
  public static Optional<Addressed> resource(RoutingTable table, String uri) {
    if (uri == null || !uri.startsWith(SCHEME)) {
      return Optional.empty();
    }
    int slash = uri.indexOf('/', SCHEME.length());
    if (slash < 0 || slash == uri.length() - 1) {
      return Optional.empty();
    }
    String prefix;
    try {
      prefix = URLDecoder.decode(uri.substring(SCHEME.length(), slash), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
    String workerUri = uri.substring(slash + 1);
    return table.upstreamByPrefix(prefix).map(upstream -> new Addressed(upstream, workerUri));
  }

  /** The worker and its prompt name behind an aggregated prompt name; empty when none is. */
  public static Optional<Addressed> prompt(RoutingTable table, String name) {
    int dot = name == null ? -1 : name.indexOf('.');
    if (dot <= 0 || dot == name.length() - 1) {
      return Optional.empty();
    }
    return table
        .upstreamByPrefix(name.substring(0, dot))
        .map(upstream -> new Addressed(upstream, name.substring(dot + 1)));
  }
}
