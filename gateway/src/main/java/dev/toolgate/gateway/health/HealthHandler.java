package dev.toolgate.gateway.health;

import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.gateway.config.ConfigStore;
import dev.toolgate.gateway.config.LoadedConfig;
import dev.toolgate.gateway.http.HttpResponses;
import dev.toolgate.gateway.protocol.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /healthz}: the process serves HTTP. {@code /readyz}: a valid config is in force and every
 * upstream in it has been asked for its tools once, so the gateway routes; workers being down does
 * not make it unready (it answers their callers with errors, and other workers keep serving).
 */
public final class HealthHandler {

  private final ConfigStore configs;
  private final Predicate<GatewayConfig> discovery;

  /**
   * @param discovery whether every configured upstream has had its first tool discovery (answered
   *     or failed): before that, {@code tools/list} would show a client fewer tools than there are
   */
  public HealthHandler(ConfigStore configs, Predicate<GatewayConfig> discovery) {
    this.configs = configs;
    this.discovery = discovery;
  }

  public void live(Response response, Callback callback) {
    HttpResponses.json(response, callback, 200, bytes("{\"status\":\"ok\"}"));
  }

  public void ready(Response response, Callback callback) {
    Optional<LoadedConfig> config = configs.current();
    if (config.isEmpty()) {
      HttpResponses.json(
          response,
          callback,
          503,
          bytes("{\"status\":\"not ready\",\"reason\":\"no valid config loaded yet\"}"));
      return;
    }
    if (!discovery.test(config.get().config())) {
      HttpResponses.json(
          response,
          callback,
          503,
          bytes(
              "{\"status\":\"not ready\",\"reason\":\"first tool discovery of every upstream"
                  + " not finished\"}"));
      return;
    }
    HttpResponses.json(
        response,
        callback,
        200,
        bytes(
            "{\"status\":\"ready\",\"config\":"
                + JsonText.quote(config.get().hash())
                + ",\"upstreams\":"
                + config.get().config().upstreams().size()
                + "}"));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
