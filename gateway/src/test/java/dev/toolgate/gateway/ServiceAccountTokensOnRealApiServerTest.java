package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.gateway.auth.JsonFetcher;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubernetes service-account tokens from a real kube-apiserver (TokenRequest API, audience the
 * gateway's URL) against a gateway that trusts the cluster's service-account issuer as an
 * in-cluster gateway does: the issuer and its JWKS from the API server's OIDC discovery, fetched
 * with the cluster's certificate authority and the gateway's own service-account token. A token
 * holds exactly the McpScopes whose subjects name its service account.
 */
// The discovery document's jwks_uri names the API server's external host (by default its
// advertise address, which this machine's serving certificate does not cover, unlike a kubeadm
// cluster's); 127.0.0.1 is in kube-api-test's certificate.
@EnableKubeAPIServer(apiServerFlags = {"--external-hostname", "127.0.0.1"})
class ServiceAccountTokensOnRealApiServerTest {

  private static final String GATEWAY_NAMESPACE = "toolgate-system";
  private static final String AGENTS = "agents";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

  @KubeConfig static String kubeconfig;
  @TempDir static Path dir;

  static KubernetesClient admin;
  static URI apiServer;
  static Path caFile;
  static Path tokenFile;
  static JsonNode discovery;
  static SpyWorker worker;
  static GatewayFixture gateway;
  static RawMcp raw;

  static String config(int port, boolean withToken) {
    return """
        version: toolgate.dev/gateway-config/v1
        auth:
          audience: http://127.0.0.1:%d/mcp
          issuers:
          - issuer: %s
            kind: kubernetes
            jwksUri: %s
            caFile: %s
        %s
        upstreams:
        - id: tools/billing
          url: %s
          passthroughPath: /mcp/tools/tools/billing
          toolPrefix: billing
          timeout: 20s
          tools:
          - {name: get_invoice, exposedName: billing.get_invoice, scopes: [billing.get_invoice]}
          - {name: send_refund, exposedName: billing.send_refund, scopes: [billing.send_refund]}
          passthroughScopes: [toolgate:passthrough:tools/billing]
        scopes:
        - scope: billing:read
          source: tools/reporters
          tools: [billing.get_invoice]
          subjects: {serviceAccounts: [agents/reporter]}
        - scope: billing:refund
          source: tools/refunders
          tools: [billing.send_refund]
          subjects: {serviceAccounts: [agents/refunder]}
        """
        .formatted(
            port,
            discovery.path("issuer").asText(),
            discovery.path("jwks_uri").asText(),
            caFile,
            withToken ? "    tokenFile: " + tokenFile : "",
            worker.url());
  }

  @BeforeAll
  static void start() throws Exception {
    Config config = Config.fromKubeconfig(kubeconfig);
    admin = new KubernetesClientBuilder().withConfig(config).build();
    apiServer = URI.create(admin.getMasterUrl().toString());
    for (String namespace : List.of(GATEWAY_NAMESPACE, AGENTS)) {
      admin
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .serverSideApply();
    }
    try (InputStream rbac = Files.newInputStream(Path.of("src/main/kubernetes/rbac.yaml"))) {
      for (HasMetadata object : admin.load(rbac).items()) {
        admin.resource(object).serverSideApply();
      }
    }
    for (String name : List.of("reporter", "refunder", "bystander")) {
      admin
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(AGENTS)
                  .endMetadata()
                  .build())
          .serverSideApply();
    }

    // What a pod has: the cluster's certificate authority and its own service-account token.
    caFile = dir.resolve("ca.crt");
    Files.write(caFile, certificateAuthority(config));
    tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, token(GATEWAY_NAMESPACE, "toolgate-gateway", null));

    discovery =
        JSON.readTree(
            clusterFetcher(true).get(apiServer.resolve("/.well-known/openid-configuration")));

    worker = new SpyWorker();
    gateway =
        GatewayFixture.startWithOwnUrl(
            dir, port -> config(port, true), o -> o.withAllowAnonymous(false));
    gateway.awaitToolCount(2);
    raw = new RawMcp();
  }

  @AfterAll
  static void stop() throws Exception {
    if (raw != null) {
      raw.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (worker != null) {
      worker.close();
    }
    if (admin != null) {
      admin.close();
    }
  }

  @Test
  void theApiServerPublishesItsServiceAccountKeysOnlyToAuthenticatedCallers() throws Exception {
    assertThat(discovery.path("issuer").asText())
        .as("kube-api-test's --service-account-issuer")
        .isEqualTo("https://localhost");
    URI jwks = URI.create(discovery.path("jwks_uri").asText());
    assertThat(jwks.getPath()).isEqualTo("/openid/v1/jwks");

    assertThat(JSON.readTree(clusterFetcher(true).get(jwks)).path("keys")).isNotEmpty();
    assertThatThrownBy(() -> clusterFetcher(false).get(jwks))
        .isInstanceOf(IOException.class)
        .hasMessage("HTTP 403");
  }

  @Test
  void theApiServersTokensHaveTheShapeTheGatewayChecks() throws Exception {
    String token = token(AGENTS, "reporter", audience());

    JsonNode header = part(token, 0);
    JsonNode claims = part(token, 1);
    assertThat(header.path("alg").asText()).isEqualTo("RS256");
    assertThat(header.has("kid")).isTrue();
    assertThat(header.has("typ")).isFalse();
    assertThat(claims.path("iss").asText()).isEqualTo(discovery.path("issuer").asText());
    assertThat(claims.path("sub").asText()).isEqualTo("system:serviceaccount:agents:reporter");
    assertThat(claims.path("aud").isArray()).isTrue();
    assertThat(claims.path("aud").get(0).asText()).isEqualTo(audience());
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(600);
    assertThat(claims.has("nbf")).isTrue();
    assertThat(claims.has("scope")).isFalse();
    assertThat(claims.path("kubernetes.io").path("serviceaccount").path("name").asText())
        .isEqualTo("reporter");
  }

  @Test
  void aServiceAccountTokenHoldsTheMcpScopeThatNamesItsServiceAccount() throws Exception {
    String token = token(AGENTS, "reporter", audience());
    String session = initialize(token);

    assertThat(toolNames(post(token, session, LIST))).containsExactly("billing.get_invoice");
    ContentResponse called = post(token, session, call("billing.get_invoice"));
    assertThat(called.getStatus()).isEqualTo(200);
    assertThat(called.getContentAsString()).contains("called get_invoice");
    JsonNode identity = payload(worker.toolCalls().getLast().headers().get("toolgate-identity"));
    assertThat(identity.path("sub").asText()).isEqualTo("system:serviceaccount:agents:reporter");
    assertThat(identity.path("caller_iss").asText()).isEqualTo(discovery.path("issuer").asText());
    assertThat(identity.path("scope").asText()).isEqualTo("billing:read");
  }

  @Test
  void anMcpScopeThatNamesAnotherServiceAccountIsRefusedWith403() throws Exception {
    String token = token(AGENTS, "reporter", audience());
    String session = initialize(token);
    int callsBefore = worker.toolCalls().size();

    ContentResponse refused = post(token, session, call("billing.send_refund"));

    assertThat(refused.getStatus()).isEqualTo(403);
    // No scope to ask for: no token of this service account can carry one.
    assertThat(refused.getHeaders().get("WWW-Authenticate"))
        .startsWith("Bearer error=\"insufficient_scope\", resource_metadata=")
        .doesNotContain("scope=");
    assertThat(worker.toolCalls()).hasSize(callsBefore);

    String refunder = token(AGENTS, "refunder", audience());
    String refunderSession = initialize(refunder);
    assertThat(toolNames(post(refunder, refunderSession, LIST)))
        .containsExactly("billing.send_refund");
    assertThat(post(refunder, refunderSession, call("billing.send_refund")).getStatus())
        .isEqualTo(200);
  }

  @Test
  void aServiceAccountNoMcpScopeNamesGetsNoTool() throws Exception {
    String token = token(AGENTS, "bystander", audience());
    String session = initialize(token);

    assertThat(toolNames(post(token, session, LIST))).isEmpty();
    assertThat(post(token, session, call("billing.get_invoice")).getStatus()).isEqualTo(403);
  }

  @Test
  void aServiceAccountTokenForTheApiServerIsRefused() throws Exception {
    String token = token(AGENTS, "reporter", null);

    ContentResponse refused = post(token, null, RawMcp.INITIALIZE);

    assertThat(refused.getStatus()).isEqualTo(401);
    assertThat(refused.getHeaders().get("WWW-Authenticate")).contains("error=\"invalid_token\"");
  }

  @Test
  void withoutItsOwnTokenTheGatewayCannotReadTheClustersKeysAndRefusesEveryServiceAccount()
      throws Exception {
    Path otherDir = Files.createDirectories(dir.resolve("anonymous"));
    try (GatewayFixture anonymous =
        GatewayFixture.startWithOwnUrl(
            otherDir, port -> config(port, false), o -> o.withAllowAnonymous(false))) {
      String token =
          token(AGENTS, "reporter", "http://127.0.0.1:" + anonymous.gateway().port() + "/mcp");
      Map<String, String> headers = Map.of("Authorization", "Bearer " + token);

      ContentResponse refused =
          raw.send(raw.post(anonymous.aggregatedUrl(), RawMcp.INITIALIZE, headers));

      assertThat(refused.getStatus()).isEqualTo(401);
      assertThat(refused.getContentAsString()).contains("signing key");
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static String audience() {
    return gateway.aggregatedUrl();
  }

  /** A TokenRequest for the service account; {@code audience} null: the API server's own. */
  private static String token(String namespace, String name, String audience) {
    TokenRequestBuilder request = new TokenRequestBuilder();
    var spec = request.withNewSpec().withExpirationSeconds(600L);
    if (audience != null) {
      spec.withAudiences(audience);
    }
    return admin
        .serviceAccounts()
        .inNamespace(namespace)
        .withName(name)
        .tokenRequest(spec.endSpec().build())
        .getStatus()
        .getToken();
  }

  private static JsonFetcher clusterFetcher(boolean withToken) {
    return JsonFetcher.http(
        Duration.ofSeconds(5), 256 * 1024, caFile, withToken ? tokenFile : null);
  }

  private static byte[] certificateAuthority(Config config) throws IOException {
    if (config.getCaCertData() != null) {
      return Base64.getDecoder().decode(config.getCaCertData());
    }
    return Files.readAllBytes(Path.of(config.getCaCertFile()));
  }

  private static String initialize(String token) throws Exception {
    ContentResponse response = post(token, null, RawMcp.INITIALIZE);
    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
    String session = response.getHeaders().get("Mcp-Session-Id");
    post(token, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    return session;
  }

  private static ContentResponse post(String token, String session, String body) throws Exception {
    Map<String, String> headers = new HashMap<>();
    headers.put("Authorization", "Bearer " + token);
    if (session != null) {
      headers.put("Mcp-Session-Id", session);
    }
    return raw.send(raw.post(gateway.aggregatedUrl(), body, headers));
  }

  private static String call(String tool) {
    return "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":{}}}";
  }

  private static List<String> toolNames(ContentResponse response) throws Exception {
    List<String> names = new ArrayList<>();
    for (JsonNode tool : JSON.readTree(response.getContent()).path("result").path("tools")) {
      names.add(tool.path("name").asText());
    }
    return names;
  }

  private static JsonNode payload(String jwt) throws Exception {
    assertThat(jwt).isNotNull();
    return part(jwt, 1);
  }

  /** A JWT's header (0) or claims (1), unverified. */
  private static JsonNode part(String jwt, int index) throws Exception {
    return JSON.readTree(
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]), StandardCharsets.UTF_8));
  }
}
