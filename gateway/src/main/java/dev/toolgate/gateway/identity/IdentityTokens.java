package dev.toolgate.gateway.identity;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.nimbusds.jose.JOSEException;
import dev.toolgate.gateway.auth.Principal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mints the identity token a worker gets with each call, in the {@value #HEADER} header, instead of
 * the client's token (which never leaves the gateway). Claims: {@code iss} the gateway's canonical
 * URL, {@code aud} the worker's URL as configured, {@code sub} and {@code caller_iss} the caller's
 * subject and issuer, {@code client_id}, {@code groups}, {@code scope} (the scopes that granted
 * this call), {@code tool}, {@code session} (a hash of the gateway session id, never the id),
 * {@code trace_id} when the call carried a {@code traceparent}, {@code jti}, {@code iat} and {@code
 * exp} (at most the call's timeout and never more than five minutes). Signed EdDSA (Ed25519) with
 * the key published at {@code /.well-known/jwks.json}, header {@code typ} {@value #TYPE}.
 *
 * <p>Built by hand on the hot path: the header is encoded once per key, the claims are one string,
 * and the only costly step is the signature.
 */
public final class IdentityTokens {

  public static final String HEADER = "Toolgate-Identity";
  public static final String TYPE = "toolgate-identity+jwt";
  public static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final IdentityKeys keys;
  private final Clock clock;
  private final String jtiPrefix;
  private final AtomicLong counter = new AtomicLong();

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
      String traceId,
      Duration lifetime) {}

  public String mint(Claims claims) {
    long now = clock.millis() / 1000;
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
    if (claims.traceId() != null) {
      json.append(',');
      field(json, "trace_id", claims.traceId());
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
      return signingInput + "." + B64.encodeToString(signature);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing an identity token failed", e);
    }
  }

  /** The trace id of a W3C {@code traceparent}, or {@code null} when it is not well-formed. */
  public static String traceId(String traceparent) {
    if (traceparent == null
        || traceparent.length() < 55
        || traceparent.charAt(2) != '-'
        || traceparent.charAt(35) != '-') {
      return null;
    }
    String id = traceparent.substring(3, 35);
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return null;
      }
    }
    return id.equals("00000000000000000000000000000000") ? null : id;
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
