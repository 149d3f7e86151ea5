package dev.toolgate.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Verifies a JWT access token: the issuer is trusted (exact {@code iss}), the algorithm is on that
 * issuer's allow-list, the key comes from that issuer's JWKS by {@code kid} ({@code jku}, {@code
 * x5u}, {@code x5c} and an embedded {@code jwk} are never used), the signature holds, {@code exp}
 * and {@code iat} are present and within the clock skew, {@code nbf} has passed, the lifetime
 * {@code exp - iat} is within the cap, and {@code aud} names this gateway. Blocking: a key lookup
 * may fetch the JWKS.
 */
public final class TokenVerifier {

  /** {@code typ} values of access tokens: RFC 9068's, plain JWT, or none at all. */
  private static final Set<String> ACCEPTED_TYPES = Set.of("at+jwt", "application/at+jwt", "jwt");

  private final Map<String, TrustedIssuer> issuers;
  private final ResourceUrls resource;
  private final Duration maxLifetime;
  private final Duration skew;
  private final String groupsClaim;
  private final Clock clock;

  public TokenVerifier(
      Map<String, TrustedIssuer> issuers,
      ResourceUrls resource,
      Duration maxLifetime,
      Duration skew,
      String groupsClaim,
      Clock clock) {
    this.issuers = Map.copyOf(issuers);
    this.resource = resource;
    this.maxLifetime = maxLifetime;
    this.skew = skew;
    this.groupsClaim = groupsClaim;
    this.clock = clock;
  }

  public VerifiedToken verify(String token) throws TokenRefused {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException | IllegalArgumentException e) {
      throw new TokenRefused("the token is not a signed JWT");
    }
    TrustedIssuer issuer = claims.getIssuer() == null ? null : issuers.get(claims.getIssuer());
    if (issuer == null) {
      throw new TokenRefused("the token's issuer is not trusted here");
    }
    JWSHeader header = jwt.getHeader();
    JWSAlgorithm algorithm = header.getAlgorithm();
    if (!issuer.algorithms().contains(algorithm)) {
      throw new TokenRefused("the token's algorithm is not accepted from its issuer");
    }
    JOSEObjectType type = header.getType();
    if (type != null && !ACCEPTED_TYPES.contains(type.getType().toLowerCase(Locale.ROOT))) {
      throw new TokenRefused("the token's type is not an access token");
    }
    JWK key = issuer.keys().find(header.getKeyID(), algorithm);
    if (key == null) {
      throw new TokenRefused("the token's signing key is not among its issuer's keys");
    }
    try {
      if (!jwt.verify(verifier(key))) {
        throw new TokenRefused("the token's signature does not verify");
      }
    } catch (JOSEException | GeneralSecurityException e) {
      throw new TokenRefused("the token's signature does not verify");
    }
    return new VerifiedToken(
        principal(issuer, claims, times(claims)),
        audiences(issuer, claims),
        claims.getExpirationTime().getTime() + skew.toMillis());
  }

  /** Checks exp, iat, nbf and the lifetime; returns the lifetime. */
  private Duration times(JWTClaimsSet claims) throws TokenRefused {
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    Date iat = claims.getIssueTime();
    Date nbf = claims.getNotBeforeTime();
    if (exp == null) {
      throw new TokenRefused("the token has no expiry (exp)");
    }
    if (iat == null) {
      throw new TokenRefused("the token has no issue time (iat), so its lifetime is unknown");
    }
    if (!now.isBefore(exp.toInstant().plus(skew))) {
      throw new TokenRefused("the token has expired");
    }
    if (iat.toInstant().isAfter(now.plus(skew))) {
      throw new TokenRefused("the token was issued in the future");
    }
    if (nbf != null && nbf.toInstant().isAfter(now.plus(skew))) {
      throw new TokenRefused("the token is not valid yet (nbf)");
    }
    Duration lifetime = Duration.between(iat.toInstant(), exp.toInstant());
    if (lifetime.compareTo(maxLifetime) > 0) {
      throw new TokenRefused(
          "the token lives longer than the " + maxLifetime.toMinutes() + " minutes accepted here");
    }
    return lifetime;
  }

  private Set<String> audiences(TrustedIssuer issuer, JWTClaimsSet claims) throws TokenRefused {
    List<String> audiences = claims.getAudience();
    Set<String> ours = audiences == null ? Set.of() : resource.ours(audiences);
    if (ours.isEmpty()
        && audiences != null
        && audiences.stream().anyMatch(issuer.config().audiences()::contains)) {
      // The issuer's own name for this gateway (an app's client id): valid on every endpoint.
      ours = Set.of(resource.canonical());
    }
    if (ours.isEmpty()) {
      throw new TokenRefused("the token is not for this gateway (aud)");
    }
    return ours;
  }

  private Principal principal(TrustedIssuer issuer, JWTClaimsSet claims, Duration lifetime)
      throws TokenRefused {
    String subject = claims.getSubject();
    if (subject == null || subject.isBlank()) {
      throw new TokenRefused("the token has no subject (sub)");
    }
    String clientId = string(claims.getClaim("client_id"));
    if (clientId == null) {
      clientId = string(claims.getClaim("azp"));
    }
    if (clientId == null) {
      clientId = string(claims.getClaim("cid")); // Okta
    }
    return new Principal(
        issuer.issuer(),
        subject,
        clientId,
        strings(claims.getClaim(groupsClaim)),
        scopes(claims),
        claims.getExpirationTime().toInstant(),
        lifetime,
        issuer.config().isKubernetes());
  }

  /** {@code scope} as a space-separated string (RFC 8693, RFC 9068) or an array; {@code scp}. */
  static Set<String> scopes(JWTClaimsSet claims) {
    Set<String> scopes = new LinkedHashSet<>();
    for (String claim : List.of("scope", "scp")) {
      Object value = claims.getClaim(claim);
      if (value instanceof String text) {
        for (String scope : text.split(" ")) {
          if (!scope.isEmpty()) {
            scopes.add(scope);
          }
        }
      } else {
        scopes.addAll(strings(value));
      }
    }
    return scopes;
  }

  private static String string(Object value) {
    return value instanceof String text && !text.isBlank() ? text : null;
  }

  private static Set<String> strings(Object value) {
    Set<String> strings = new LinkedHashSet<>();
    if (value instanceof String text) {
      strings.add(text);
    } else if (value instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof String text) {
          strings.add(text);
        }
      }
    }
    return strings;
  }

  private static JWSVerifier verifier(JWK key) throws JOSEException, GeneralSecurityException {
    if (key instanceof RSAKey rsa) {
      return new RSASSAVerifier(rsa);
    }
    if (key instanceof ECKey ec) {
      return new ECDSAVerifier(ec);
    }
    if (key instanceof OctetKeyPair okp) {
      return new JdkEd25519Verifier(Ed25519Keys.publicKey(okp.getX().decode()));
    }
    throw new JOSEException("unsupported key type");
  }
}
