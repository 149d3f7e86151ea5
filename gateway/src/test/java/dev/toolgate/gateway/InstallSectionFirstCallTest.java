package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.examples.conformance.ConformanceWorker;
import dev.toolgate.testing.auth.AuthorizationServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Install on a cluster", steps 4 and 5, run as written with bash and curl: the
 * client-credentials token and the first call. Only what a cluster supplies is swapped: the IdP's
 * token endpoint for a real authorization server's (Spring Authorization Server), and the
 * port-forward for a gateway on loopback with the config the operator compiles from step 3's
 * McpTool and McpScope.
 */
class InstallSectionFirstCallTest {

  static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @TempDir static Path dir;
  static AuthorizationServerProcess idp;
  static ConformanceWorker worker;
  static GatewayFixture gateway;

  @BeforeAll
  static void start() throws Exception {
    idp =
        AuthorizationServerProcess.builder()
            .confidentialClient("agent", "s3cret", "mine.read")
            .logFile(Path.of("target", "authorization-server-install-section.log"))
            .start();
    worker = ConformanceWorker.start(0, "conformance");
    gateway =
        GatewayFixture.startWithConfig(
            dir,
            """
            version: toolgate.dev/gateway-config/v1
            auth:
              audience: https://mcp.example.com/mcp
              issuers:
              - issuer: %s
            upstreams:
            - id: tools/mine
              url: %s
              passthroughPath: /mcp/tools/tools/mine
              toolPrefix: mine
              tools:
              - {name: echo, exposedName: mine.echo, scopes: [mine.echo]}
            scopes:
            - scope: mine.read
              source: tools/mine-read
              tools: [mine.echo]
            """
                .formatted(idp.issuer(), worker.url()),
            o -> o.withAllowAnonymous(false));
    gateway.awaitToolCount(1);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    worker.close();
    idp.close();
  }

  /** The shell blocks of steps 4 and 5, as the README has them. */
  static String steps() throws Exception {
    String readme = Files.readString(REPO.resolve("README.md"));
    String section = readme.substring(readme.indexOf("4. **A token.**"));
    Matcher blocks = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(section);
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < 2 && blocks.find(); i++) {
      script.append(blocks.group(1).replaceAll("(?m)^   ", "")).append('\n');
    }
    return script.toString();
  }

  @Test
  void theTokenAndTheFirstCallWorkAsWritten() throws Exception {
    String script =
        steps()
            .replace(
                "https://idp.example.com/realms/platform/protocol/openid-connect/token",
                idp.tokenEndpoint().toString())
            .replaceAll("(?m)^kubectl .*port-forward.*$", "")
            .replace("http://localhost:8080/mcp", gateway.aggregatedUrl());
    assertThat(script).contains("curl").doesNotContain("idp.example.com").contains("tools/call");
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).redirectErrorStream(true);
    // The agent's client at the IdP, as step 4 expects them in the environment.
    builder.environment().put("CLIENT_ID", "agent");
    builder.environment().put("CLIENT_SECRET", "s3cret");
    Process bash = builder.start();
    String output;
    try (var in = bash.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("\"name\":\"mine.echo\"")
        .contains("conformance: hello")
        .doesNotContain("\"error\"");
    assertThat(List.of(output.split("\n")))
        .as("tools/list names only the granted tool")
        .filteredOn(line -> line.contains("\"tools\":["))
        .singleElement()
        .satisfies(line -> assertThat(line.split("\"name\":\"")).hasSize(2));
  }
}
