package dev.toolgate.cli.dev;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.toolgate.api.config.IssuerConfig;
import dev.toolgate.gateway.GatewayOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The development token issuer of {@code toolgate dev}: an ES256 key made at start and never
 * stored, published as a JWKS on loopback, which the gateway trusts through its ordinary issuer
 * configuration and verifies like any IdP's. It refuses to exist outside dev mode: only for a
 * gateway that reads a config file (no ConfigMap, no McpGateway to report to) and listens on
 * loopback, and it binds to loopback itself. Anyone on this machine can get a token from it, which
 * is why it must never run beside a real gateway.
 */
public final class DevTokenIssuer implements AutoCloseable {

  /** The longest a token lives, as the gateway accepts at most. */
  public static final Duration MAX_LIFETIME = Duration.ofMinutes(15);

  /** What a token is for: the scope strings it holds and the subject claims that go with them. */
  public record Grant(
      List<String> scopes, List<String> groups, String clientId, Duration lifetime) {}

  private static final Set<String> LOOPBACK_HOSTS =
      Set.of("127.0.0.1", "localhost", "::1", "[::1]");

  private final HttpServer server;
  private final ECKey key;
  private final String issuer;
  private final String audience;

  private DevTokenIssuer(HttpServer server, ECKey key, String issuer, String audience) {
    this.server = server;
    this.key = key;
    this.issuer = issuer;
    this.audience = audience;
  }

  /**
   * Starts the issuer for a gateway in dev mode.
   *
   * @param grants the grant of a scope asked for at {@code /token?scope=}, or {@code null} when the
   *     running config does not know the scope
   * @throws IllegalStateException when the gateway is not in dev mode on loopback
   */
  public static DevTokenIssuer start(
      GatewayOptions gateway, int port, String audience, Function<String, Grant> grants)
      throws IOException {
    refuseOutsideDevMode(gateway);
    ECKey key;
    try {
      key = new ECKeyGenerator(Curve.P_256).keyID("toolgate-dev-" + UUID.randomUUID()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot make a signing key", e);
    }
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    String issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/dev-issuer";
    DevTokenIssuer devIssuer = new DevTokenIssuer(server, key, issuer, audience);
    String jwks = new JWKSet(key.toPublicJWK()).toString();
    server.createContext(
        "/dev-issuer/jwks.json", exchange -> respond(exchange, 200, "application/json", jwks));
    server.createContext(
        "/dev-issuer/token",
        exchange -> {
          String scope = query(exchange, "scope");
          Grant grant = scope == null ? null : grants.apply(scope);
          if (grant == null) {
            respond(exchange, 404, "text/plain", "no McpScope with scope " + scope + "\n");
          } else {
            respond(exchange, 200, "text/plain", devIssuer.mint(grant) + "\n");
          }
        });
    server.start();
    return devIssuer;
  }

  /**
   * @throws IllegalStateException unless the gateway reads a config file and listens on loopback
   */
  public static void refuseOutsideDevMode(GatewayOptions gateway) {
    if (gateway.configFile() == null
        || gateway.configMap() != null
        || gateway.reportTo().isPresent()) {
      throw new IllegalStateException(
          "the development token issuer runs only beside a dev-mode gateway (a config file, no"
              + " ConfigMap)");
    }
    if (!LOOPBACK_HOSTS.contains(gateway.host())) {
      throw new IllegalStateException(
          "the development token issuer runs only beside a gateway on loopback, not on "
              + gateway.host());
    }
  }

  /** The issuer entry of the gateway's auth section: this issuer, its keys, ES256 only. */
  public IssuerConfig issuerConfig() {
    return new IssuerConfig(issuer, issuer + "/jwks.json", List.of("ES256"), null);
  }

  public String issuer() {
    return issuer;
  }

  /** Where a fresh token for a scope is had: {@code curl -s <this>?scope=SCOPE}. */
  public String tokenUrl() {
    return issuer + "/token";
  }

  /** A signed access token for the grant, for this gateway's audience. */
  public String mint(Grant grant) {
    Instant now = Instant.now();
    Duration lifetime =
        grant.lifetime() == null || grant.lifetime().compareTo(MAX_LIFETIME) > 0
            ? MAX_LIFETIME
            : grant.lifetime();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject("dev-user")
            .audience(audience)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(lifetime)))
            .jwtID(UUID.randomUUID().toString())
            .claim("scope", String.join(" ", grant.scopes()));
    if (!grant.groups().isEmpty()) {
      claims.claim("groups", grant.groups());
    }
    if (grant.clientId() != null) {
      claims.claim("client_id", grant.clientId());
    }
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(key.getKeyID())
                .type(new JOSEObjectType("at+jwt"))
                .build(),
            claims.build());
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
    return jwt.serialize();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static String query(HttpExchange exchange, String name) {
    String query = exchange.getRequestURI().getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().putAll(Map.of("Content-Type", List.of(type)));
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
