package dev.toolgate.gateway.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The replay page's files, from the jar ({@code replay/} on the class path), read once: a fixed
 * set, so no request path ever reaches the class loader.
 */
final class ReplayAssets {

  private record Asset(String contentType, byte[] body) {}

  private final Map<String, Asset> assets;

  ReplayAssets() {
    Asset page = load("index.html", "text/html; charset=utf-8");
    assets =
        Map.of(
            ReplayAccess.RESOURCE_PATH,
            page,
            ReplayAccess.RESOURCE_PATH + "/",
            page,
            ReplayAccess.RESOURCE_PATH + "/replay.js",
            load("replay.js", "text/javascript; charset=utf-8"),
            ReplayAccess.RESOURCE_PATH + "/replay.css",
            load("replay.css", "text/css; charset=utf-8"),
            ReplayAccess.RESOURCE_PATH + "/favicon.svg",
            load("favicon.svg", "image/svg+xml"));
  }

  /** Serves the asset at {@code path}; false when there is none. */
  boolean serve(String path, Response response, Callback callback) {
    Asset asset = assets.get(path);
    if (asset == null) {
      return false;
    }
    ReplayHeaders.write(response, callback, 200, asset.contentType(), asset.body());
    return true;
  }

  private static Asset load(String name, String contentType) {
    try (InputStream in = ReplayAssets.class.getResourceAsStream("/replay/" + name)) {
      if (in == null) {
        throw new IllegalStateException("replay/" + name + " is missing from the jar");
      }
      return new Asset(contentType, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
