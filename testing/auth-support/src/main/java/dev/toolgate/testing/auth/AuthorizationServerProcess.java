package dev.toolgate.testing.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The test authorization server (module {@code testing/authorization-server}, Spring Authorization
 * Server) in its own java process on loopback, so that Spring's classpath never meets the one under
 * test. Tokens come from its real token endpoint over HTTP.
 *
 * <pre>{@code
 * try (var as = AuthorizationServerProcess.builder()
 *     .confidentialClient("agent", "s3cret", "billing.get_invoice")
 *     .publicClient("desktop", List.of("http://127.0.0.1/callback"), "billing.get_invoice")
 *     .user("alice", "password", "finance")
 *     .start()) {
 *   AccessToken token = as.clientCredentialsToken(
 *       "agent", "s3cret", List.of("billing.get_invoice"), "http://127.0.0.1:8080/mcp");
 * }
 * }</pre>
 */
public final class AuthorizationServerProcess implements AutoCloseable {

  /** System property naming the server's jar; else it is found in the checkout's build output. */
  public static final String JAR_PROPERTY = "toolgate.authorization-server.jar";

  /** The first word of the line the server prints once it serves. */
  public static final String READY = "AUTHORIZATION_SERVER_READY";

  private static final String JAR_IN_CHECKOUT =
      "testing/authorization-server/target/toolgate-test-authorization-server.jar";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ReadyProcess process;
  private final URI issuer;
  private final JsonNode metadata;
  private final HttpClient http;

  private AuthorizationServerProcess(ReadyProcess process, URI issuer, JsonNode metadata) {
    this.process = process;
    this.issuer = issuer;
    this.metadata = metadata;
    this.http = newHttpClient();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The issuer identifier, {@code http://127.0.0.1:<port>} unless the test chose another. */
  public URI issuer() {
    return issuer;
  }

  /** The port the server listens on (127.0.0.1). */
  public int port() {
    return Integer.parseInt(process.readyValues().get("port"));
  }

  /** Its RFC 8414 metadata, as served at {@code /.well-known/oauth-authorization-server}. */
  public JsonNode metadata() {
    return metadata;
  }

  public URI tokenEndpoint() {
    return URI.create(metadata.path("token_endpoint").asText());
  }

  public URI authorizationEndpoint() {
    return URI.create(metadata.path("authorization_endpoint").asText());
  }

  public URI jwksUri() {
    return URI.create(metadata.path("jwks_uri").asText());
  }

  /**
   * A client-credentials token from the real token endpoint (client_secret_basic).
   *
   * @param scopes the scopes to ask for; none asks for none
   * @param resource the RFC 8707 resource indicator, which becomes the token's {@code aud}; null
   *     for none (Spring then sets {@code aud} to the client id)
   * @throws TokenRequestException when the server refuses
   */
  public AccessToken clientCredentialsToken(
      String clientId, String secret, Collection<String> scopes, String resource)
      throws IOException, InterruptedException {
    Map<String, List<String>> form = new LinkedHashMap<>();
    form.put("grant_type", List.of("client_credentials"));
    if (!scopes.isEmpty()) {
      form.put("scope", List.of(String.join(" ", scopes)));
    }
    if (resource != null) {
      form.put("resource", List.of(resource));
    }
    TokenResponse response = tokenRequest(clientId, secret, form);
    if (response.status() != 200) {
      throw new TokenRequestException(
          response.status(),
          response.body().path("error").asText("unknown"),
          response.body().hasNonNull("error_description")
              ? response.body().get("error_description").asText()
              : null);
    }
    JsonNode body = response.body();
    return new AccessToken(
        body.path("access_token").asText(),
        body.path("token_type").asText(),
        body.path("expires_in").asLong(),
        body.hasNonNull("scope") ? body.get("scope").asText() : null);
  }

  /**
   * Any token request, as it is: for tests of what the server refuses.
   *
   * @param clientId with {@code secret}, sent as client_secret_basic; with a null secret, sent as
   *     the {@code client_id} parameter (a public client)
   */
  public TokenResponse tokenRequest(
      String clientId, String secret, Map<String, ? extends Collection<String>> parameters)
      throws IOException, InterruptedException {
    StringJoiner body = new StringJoiner("&");
    parameters.forEach(
        (name, values) -> values.forEach(value -> body.add(encode(name) + "=" + encode(value))));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(tokenEndpoint())
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json");
    if (secret != null) {
      // RFC 6749 section 2.3.1: both form-encoded, then Basic.
      String credentials = encode(clientId) + ":" + encode(secret);
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    } else {
      body.add("client_id=" + encode(clientId));
    }
    HttpResponse<String> response =
        http.send(
            request.POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode json =
        response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    return new TokenResponse(response.statusCode(), json);
  }

  /** The last lines the server printed. */
  public String output() {
    return process.output();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.close();
  }

  /** The server's jar: the {@value #JAR_PROPERTY} property, else the checkout's build output. */
  public static Path locateJar() {
    String configured = System.getProperty(JAR_PROPERTY);
    Path jar =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : Checkout.root().resolve(JAR_IN_CHECKOUT);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no authorization server jar at "
              + jar
              + ": build it with ./mvnw -pl testing/authorization-server -am -DskipTests package");
    }
    return jar;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static HttpClient newHttpClient() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** The status and JSON body of a token response. */
  public record TokenResponse(int status, JsonNode body) {}

  /** What the server is started with; every setting becomes a command-line argument. */
  public static final class Builder {

    private Path jar;
    private int port;
    private String issuer;
    private Duration tokenLifetime;
    private String accessTokenType;
    private Boolean narrowAuthorizationScopes;
    private final List<String> arguments = new ArrayList<>();
    private Duration startTimeout = Duration.ofSeconds(90);
    private Path logFile;

    private Builder() {}

    /** The server's jar; default {@link #locateJar()}. */
    public Builder jar(Path jar) {
      this.jar = jar;
      return this;
    }

    /** The port on 127.0.0.1; default 0, a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The issuer identifier; default {@code http://127.0.0.1:<port>}. */
    public Builder issuer(String issuer) {
      this.issuer = issuer;
      return this;
    }

    /** Lifetime of access tokens; default 5 minutes. */
    public Builder tokenLifetime(Duration tokenLifetime) {
      this.tokenLifetime = tokenLifetime;
      return this;
    }

    /** The {@code typ} header of access tokens; default {@code at+jwt}, empty for none. */
    public Builder accessTokenType(String accessTokenType) {
      this.accessTokenType = accessTokenType;
      return this;
    }

    /**
     * Whether the authorization endpoint grants the allowed part of the requested scopes (default)
     * or refuses the whole request with {@code invalid_scope}, as Spring does by itself.
     */
    public Builder narrowAuthorizationScopes(boolean narrow) {
      this.narrowAuthorizationScopes = narrow;
      return this;
    }

    /** A confidential client for client credentials (client_secret_basic or _post). */
    public Builder confidentialClient(String clientId, String secret, String... scopes) {
      client(clientId);
      arguments.add("--as.clients[" + clientId + "].secret=" + secret);
      list("--as.clients[" + clientId + "].scopes", List.of(scopes));
      return this;
    }

    /**
     * A public client: authorization code with PKCE (S256), no secret. Loopback redirect URIs
     * ({@code http://127.0.0.1/...}) match any port.
     */
    public Builder publicClient(String clientId, List<String> redirectUris, String... scopes) {
      client(clientId);
      list("--as.clients[" + clientId + "].redirect-uris", redirectUris);
      list("--as.clients[" + clientId + "].scopes", List.of(scopes));
      return this;
    }

    /** A user of the login form; the access token's {@code groups} claim carries the groups. */
    public Builder user(String username, String password, String... groups) {
      if (!username.matches("[A-Za-z0-9._@-]+")) {
        throw new IllegalArgumentException("user names here are [A-Za-z0-9._@-]+: " + username);
      }
      arguments.add("--as.users[" + username + "].password=" + password);
      list("--as.users[" + username + "].groups", List.of(groups));
      return this;
    }

    /** Any further argument, e.g. {@code --logging.level.org.springframework.security=DEBUG}. */
    public Builder argument(String argument) {
      arguments.add(argument);
      return this;
    }

    /** How long to wait for the ready line; default 90 seconds (a cold JVM on a busy machine). */
    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = startTimeout;
      return this;
    }

    /** Where the server's whole output goes; default nowhere (the last lines stay in memory). */
    public Builder logFile(Path logFile) {
      this.logFile = logFile;
      return this;
    }

    /** Starts the server and waits until it serves its metadata. */
    public AuthorizationServerProcess start() throws IOException, InterruptedException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      // A short-lived server answering a few requests: start fast, stay small.
      command.add("-XX:TieredStopAtLevel=1");
      command.add("-Xmx256m");
      command.add("-jar");
      command.add((jar != null ? jar : locateJar()).toString());
      command.add("--server.port=" + port);
      if (issuer != null) {
        command.add("--as.issuer=" + issuer);
      }
      if (tokenLifetime != null) {
        command.add("--as.token-lifetime=" + tokenLifetime.toMillis() + "ms");
      }
      if (accessTokenType != null) {
        command.add("--as.access-token-type=" + accessTokenType);
      }
      if (narrowAuthorizationScopes != null) {
        command.add("--as.narrow-authorization-scopes=" + narrowAuthorizationScopes);
      }
      command.addAll(arguments);
      ReadyProcess process =
          ReadyProcess.start(
              "the test authorization server", command, null, READY, startTimeout, logFile);
      try {
        URI issuerUri = URI.create(process.readyValues().get("issuer"));
        return new AuthorizationServerProcess(process, issuerUri, fetchMetadata(issuerUri));
      } catch (IOException | RuntimeException e) {
        process.close();
        throw new IllegalStateException(
            "the test authorization server started but serves no metadata; its output:\n"
                + process.output(),
            e);
      }
    }

    private static JsonNode fetchMetadata(URI issuer) throws IOException, InterruptedException {
      // RFC 8414 section 3: the well-known segment goes between the host and the issuer's path.
      String path = issuer.getRawPath() == null ? "" : issuer.getRawPath().replaceAll("/+$", "");
      URI uri =
          URI.create(
              issuer.getScheme()
                  + "://"
                  + issuer.getRawAuthority()
                  + "/.well-known/oauth-authorization-server"
                  + path);
      HttpResponse<String> response =
          newHttpClient()
              .send(
                  HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                  HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(uri + " answered " + response.statusCode());
      }
      return JSON.readTree(response.body());
    }

    private void client(String clientId) {
      if (!clientId.matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException("client ids here are [A-Za-z0-9._-]+: " + clientId);
      }
    }

    private void list(String property, List<String> values) {
      for (int i = 0; i < values.size(); i++) {
        arguments.add(property + "[" + i + "]=" + values.get(i));
      }
    }
  }
}
