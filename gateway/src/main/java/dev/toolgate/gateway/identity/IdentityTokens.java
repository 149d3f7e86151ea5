package dev.toolgate.gateway.identity;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.nimbusds.jose.JOSEException;
import dev.toolgate.gateway.auth.Principal;
import dev.toolgate.gateway.protocol.McpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mints the identity token a worker gets with each call, in the {@value #HEADER} header, instead of
 * the client's token (which never leaves the gateway). Claims: {@code iss} the gateway's canonical
 * URL, {@code aud} the worker's URL as configured, {@code sub} and {@code caller_iss} the caller's
 * subject and issuer, {@code client_id}, {@code groups}, {@code scope} (the scopes that granted the
 * call), {@code tool}, {@code session} (a hash of the gateway session id, never the id), {@code
 * jti}, {@code iat} and {@code exp} (the call's timeout, never more than five minutes). Signed
 * ES256 with the key published at {@code /.well-known/jwks.json}, header {@code typ} {@value
 * #TYPE}.
 *
 * <p>A signature costs about 0.1 ms, as much as the rest of a call's way through the gateway, so a
 * token is minted once and reused for the calls with the same claims (same session, worker, tool,
 * caller and granting scopes) during the first half of its life; that is also why it carries no
 * per-call trace id (the {@code traceparent} header travels to the worker beside it). The header is
 * encoded once per key and the claims are one string.
 */
public final class IdentityTokens {

  public static final String HEADER = McpHeaders.IDENTITY;
  public static final String TYPE = "toolgate-identity+jwt";
  public static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

  /** Tokens kept for reuse at most; past this, expired ones go, and new ones are not kept. */
  static final int MAX_CACHED = 50_000;

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final IdentityKeys keys;
  private final Clock clock;
  private final String jtiPrefix;
  private final AtomicLong counter = new AtomicLong();
  private final Map<Claims, Minted> reusable = new ConcurrentHashMap<>();

  public IdentityTokens(IdentityKeys keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
    byte[] random = new byte[9];
    new SecureRandom().nextBytes(random);
    this.jtiPrefix = B64.encodeToString(random) + ".";
  }

  /** What one token says. */
  public record Claims(
      String issuer,
      String audience,
      Principal caller,
      Collection<String> scopes,
      String tool,
      String sessionHash,
      Duration lifetime) {}

  /** A signed token and until when it is handed out again. */
  record Minted(String token, long reuseUntilMillis, String kid) {}

  /** The token for these claims: one minted earlier if it is in the first half of its life. */
  public String tokenFor(Claims claims) {
    long now = clock.millis();
    Minted cached = reusable.get(claims);
    if (cached != null && now < cached.reuseUntilMillis() && keys.isPublished(cached.kid())) {
      return cached.token();
    }
    Minted minted = mintNow(claims, now);
    if (reusable.size() >= MAX_CACHED) {
      reusable.values().removeIf(m -> m.reuseUntilMillis() <= now);
    }
    if (reusable.size() < MAX_CACHED) {
      reusable.put(claims, minted);
    }
    return minted.token();
  }

  /** A new token, never reused. */
  public String mint(Claims claims) {
    return mintNow(claims, clock.millis()).token();
  }

  private Minted mintNow(Claims claims, long nowMillis) {
    long now = nowMillis / 1000;
    long seconds = Math.max(1, Math.min(claims.lifetime().toSeconds(), MAX_LIFETIME.toSeconds()));
    StringBuilder json = new StringBuilder(384).append('{');
    field(json, "iss", claims.issuer());
    json.append(',');
    field(json, "aud", claims.audience());
    json.append(',');
    field(json, "sub", claims.caller().subject());
    json.append(',');
    field(json, "caller_iss", claims.caller().issuer());
    if (claims.caller().clientId() != null) {
      json.append(',');
      field(json, "client_id", claims.caller().clientId());
    }
    json.append(",\"groups\":[");
    boolean first = true;
    for (String group : claims.caller().groups()) {
      if (!first) {
        json.append(',');
      }
      quote(json, group);
      first = false;
    }
    json.append("],");
    field(json, "scope", String.join(" ", claims.scopes()));
    if (claims.tool() != null) {
      json.append(',');
      field(json, "tool", claims.tool());
    }
    if (claims.sessionHash() != null) {
      json.append(',');
      field(json, "session", claims.sessionHash());
    }
    json.append(',');
    field(json, "jti", jtiPrefix + Long.toString(counter.incrementAndGet(), 36));
    json.append(",\"iat\":").append(now).append(",\"exp\":").append(now + seconds).append('}');

    IdentityKeys.SigningKey key = keys.current();
    String signingInput =
        key.encodedHeader()
            + "."
            + B64.encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
    try {
      byte[] signature = key.signer().signature(signingInput.getBytes(StandardCharsets.US_ASCII));
      return new Minted(
          signingInput + "." + B64.encodeToString(signature), nowMillis + seconds * 500, key.kid());
    } catch (JOSEException e) {
      throw new IllegalStateException("signing an identity token failed", e);
    }
  }

  private static void field(StringBuilder json, String name, String value) {
    json.append('"').append(name).append("\":");
    quote(json, value);
  }

  private static void quote(StringBuilder json, String value) {
    if (value == null) {
      json.append("null");
      return;
    }
    json.append('"');
    JsonStringEncoder.getInstance().quoteAsString(value, json);
    json.append('"');
  }
}
