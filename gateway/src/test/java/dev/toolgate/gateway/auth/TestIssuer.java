package dev.toolgate.gateway.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A token issuer for tests: real keys (RSA, EC P-256, Ed25519), tokens signed with nimbus, and its
 * metadata and JWKS served on loopback by a test-only handler (no token endpoint: tests mint tokens
 * directly). The JWKS can be taken down and keys added, to play key rotation and outages.
 */
public final class TestIssuer implements AutoCloseable {

  private final Server server;
  private final List<JWK> published = new CopyOnWriteArrayList<>();
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicInteger jwksFetches = new AtomicInteger();
  public final RSAKey rsa;
  public final ECKey ec;
  public final OctetKeyPair ed25519;
  private final KeyPair ed25519Pair;

  public TestIssuer() throws Exception {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    ed25519Pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] pkcs8 = ed25519Pair.getPrivate().getEncoded();
    ed25519 =
        new OctetKeyPair.Builder(
                Curve.Ed25519, Base64URL.encode(Ed25519Keys.raw(ed25519Pair.getPublic())))
            .d(
                Base64URL.encode(
                    java.util.Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length)))
            .keyID("ed-1")
            .build();
    published.add(rsa.toPublicJWK());
    published.add(ec.toPublicJWK());
    published.add(ed25519.toPublicJWK());
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            String body;
            if (path.equals("/.well-known/oauth-authorization-server")) {
              body = "{\"issuer\":\"" + url() + "\",\"jwks_uri\":\"" + url() + "/jwks\"}";
            } else if (path.equals("/jwks")) {
              jwksFetches.incrementAndGet();
              if (down.get()) {
                response.setStatus(503);
                callback.succeeded();
                return true;
              }
              body = new JWKSet(new ArrayList<>(published)).toString(true);
            } else {
              response.setStatus(404);
              callback.succeeded();
              return true;
            }
            response.getHeaders().put("Content-Type", "application/json");
            response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
            return true;
          }
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  public String jwksUrl() {
    return url() + "/jwks";
  }

  /** The JWKS document as served. */
  public String jwks() {
    return new JWKSet(new ArrayList<>(published)).toString(true);
  }

  public int jwksFetches() {
    return jwksFetches.get();
  }

  /** JWKS answers 503 while down. */
  public void down(boolean value) {
    down.set(value);
  }

  /** Publishes another key (a rotation at the issuer). */
  public void publish(JWK key) {
    published.add(key.toPublicJWK());
  }

  /** A token builder with sensible defaults: RS256, 5 minutes, this issuer. */
  public Token token(String audience) {
    return new Token(this, audience);
  }

  /** One token to be signed; every part can be changed. */
  public static final class Token {
    private final TestIssuer issuer;
    private JWSAlgorithm algorithm = JWSAlgorithm.RS256;
    private JWK key;
    private String kid;
    private JOSEObjectType type = JOSEObjectType.JWT;
    private final JWTClaimsSet.Builder claims;
    private Consumer<JWSHeader.Builder> header = h -> {};

    Token(TestIssuer issuer, String audience) {
      this.issuer = issuer;
      this.key = issuer.rsa;
      Instant now = Instant.now();
      claims =
          new JWTClaimsSet.Builder()
              .issuer(issuer.url())
              .subject("alice")
              .audience(audience)
              .issueTime(Date.from(now))
              .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
              .claim("client_id", "agent-1");
    }

    public Token signedWith(JWSAlgorithm alg, JWK signingKey) {
      this.algorithm = alg;
      this.key = signingKey;
      return this;
    }

    public Token kid(String value) {
      this.kid = value;
      return this;
    }

    public Token type(String value) {
      this.type = value == null ? null : new JOSEObjectType(value);
      return this;
    }

    public Token header(Consumer<JWSHeader.Builder> change) {
      this.header = change;
      return this;
    }

    public Token claims(Consumer<JWTClaimsSet.Builder> change) {
      change.accept(claims);
      return this;
    }

    public Token scope(String spaceSeparated) {
      claims.claim("scope", spaceSeparated);
      return this;
    }

    public Token subject(String value) {
      claims.subject(value);
      return this;
    }

    /** Issued at {@code iat}, expiring {@code lifetime} later. */
    public Token times(Instant iat, Duration lifetime) {
      claims.issueTime(Date.from(iat)).expirationTime(Date.from(iat.plus(lifetime)));
      return this;
    }

    public Token audiences(String... values) {
      claims.audience(List.of(values));
      return this;
    }

    public Token claim(String name, Object value) {
      claims.claim(name, value);
      return this;
    }

    public String sign() throws Exception {
      JWSHeader.Builder builder =
          new JWSHeader.Builder(algorithm).keyID(kid != null ? kid : key.getKeyID()).type(type);
      header.accept(builder);
      SignedJWT jwt = new SignedJWT(builder.build(), claims.build());
      jwt.sign(signer());
      return jwt.serialize();
    }

    private JWSSigner signer() throws Exception {
      if (key instanceof RSAKey rsaKey) {
        return new RSASSASigner(rsaKey);
      }
      if (key instanceof ECKey ecKey) {
        return new ECDSASigner(ecKey);
      }
      if (key == issuer.ed25519) {
        return new JdkEd25519Signer(issuer.ed25519Pair.getPrivate());
      }
      throw new IllegalArgumentException("no signer for " + key);
    }
  }

  /** The gateway's own fetcher, pointed at this loopback issuer. */
  public JsonFetcher fetcher() {
    return JsonFetcher.http(Duration.ofSeconds(5), 256 * 1024);
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
