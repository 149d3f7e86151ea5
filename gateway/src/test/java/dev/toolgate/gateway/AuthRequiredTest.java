package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gateway without an auth section fails closed unless it was told to allow anonymous calls. */
class AuthRequiredTest {

  @TempDir Path dir;

  @Test
  void withoutAnAuthSectionEveryCallIs401SayingNoIssuerIsConfigured() throws Exception {
    try (SpyWorker worker = new SpyWorker();
        GatewayFixture gateway =
            GatewayFixture.start(
                dir,
                List.of(new GatewayFixture.Upstream("tools", "echo", worker.url(), "echo")),
                o -> o.withAllowAnonymous(false));
        RawMcp raw = new RawMcp()) {
      ContentResponse response =
          raw.send(raw.post(gateway.aggregatedUrl(), RawMcp.INITIALIZE, Map.of()));
      assertThat(response.getStatus()).isEqualTo(401);
      assertThat(response.getHeaders().get("WWW-Authenticate")).isEqualTo("Bearer");
      assertThat(response.getContentAsString())
          .contains("no token issuer is configured")
          .contains("\"code\":-32006");
      assertThat(
              raw.http()
                  .GET(
                      "http://127.0.0.1:"
                          + gateway.gateway().port()
                          + "/.well-known/oauth-protected-resource")
                  .getStatus())
          .isEqualTo(404);
    }
  }
}
