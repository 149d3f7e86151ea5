package dev.toolgate.gateway.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One issuer's signing keys, cached. Keys come only from the issuer's JWKS (configured, or found in
 * its metadata), never from a token's own headers. A token naming an unknown {@code kid} triggers a
 * refetch, at most once per {@code minRefetch} for this issuer, so a flood of made-up kids costs
 * one request per interval. When the JWKS endpoint is down the last good keys keep working; a kid
 * they do not have then fails closed.
 */
public final class IssuerKeys {

  private static final Logger LOG = LoggerFactory.getLogger(IssuerKeys.class);

  /** Keys kept at most, whatever the document holds. */
  static final int MAX_KEYS = 64;

  private final String issuer;
  private final URI configuredJwksUri;
  private final JsonFetcher fetcher;
  private final Clock clock;
  private final Duration minRefetch;
  private final Duration maxAge;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile List<JWK> keys = List.of();
  private volatile Instant fetchedAt;
  private volatile Instant lastAttempt;
  private volatile URI discoveredJwksUri;

  /**
   * @param jwksUri the configured key URL, or {@code null} to discover it from the issuer
   * @param minRefetch the shortest time between two fetches
   * @param maxAge keys older than this are refetched on the next lookup (the old ones stay if that
   *     fails)
   */
  public IssuerKeys(
      String issuer,
      String jwksUri,
      JsonFetcher fetcher,
      Clock clock,
      Duration minRefetch,
      Duration maxAge) {
    this.issuer = issuer;
    this.configuredJwksUri = jwksUri == null ? null : URI.create(jwksUri);
    this.fetcher = fetcher;
    this.clock = clock;
    this.minRefetch = minRefetch;
    this.maxAge = maxAge;
  }

  /**
   * The key that verifies a token signed with {@code algorithm} under {@code kid}; may fetch the
   * JWKS (blocking). {@code null} when no usable key is known.
   *
   * @param kid the token's {@code kid}, or {@code null}: then the issuer must have exactly one key
   *     for the algorithm
   */
  public JWK find(String kid, JWSAlgorithm algorithm) {
    JWK key = match(keys, kid, algorithm);
    Instant fetched = fetchedAt;
    boolean stale = fetched == null || fetched.plus(maxAge).isBefore(clock.instant());
    if (key != null && !stale) {
      return key;
    }
    refresh();
    return match(keys, kid, algorithm);
  }

  /** Fetches the keys now unless a fetch happened less than {@code minRefetch} ago. */
  public void refresh() {
    lock.lock();
    try {
      Instant now = clock.instant();
      if (lastAttempt != null && lastAttempt.plus(minRefetch).isAfter(now)) {
        return;
      }
      lastAttempt = now;
      try {
        List<JWK> loaded = load();
        keys = loaded;
        fetchedAt = now;
        LOG.debug("keys of issuer {}: {} usable", issuer, loaded.size());
      } catch (IOException | ParseException | RuntimeException e) {
        LOG.warn(
            "keys of issuer {} could not be fetched ({}); {} cached key(s) stay in use",
            issuer,
            e.getMessage(),
            keys.size());
      }
    } finally {
      lock.unlock();
    }
  }

  /** The keys known now, without fetching. */
  public List<JWK> cached() {
    return keys;
  }

  private List<JWK> load() throws IOException, ParseException {
    JWKSet set = JWKSet.parse(fetcher.get(jwksUri()));
    List<JWK> usable = new ArrayList<>();
    for (JWK key : set.getKeys()) {
      if (usable.size() == MAX_KEYS) {
        break;
      }
      if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
        continue;
      }
      if (key instanceof RSAKey rsa && rsa.size() < 2048) {
        continue;
      }
      JWK publicKey = key.toPublicJWK();
      if (publicKey != null) {
        usable.add(publicKey);
      }
    }
    return List.copyOf(usable);
  }

  private URI jwksUri() throws IOException {
    if (configuredJwksUri != null) {
      return configuredJwksUri;
    }
    URI known = discoveredJwksUri;
    if (known == null) {
      known = IssuerMetadata.discoverJwksUri(issuer, fetcher);
      discoveredJwksUri = known;
    }
    return known;
  }

  static JWK match(List<JWK> keys, String kid, JWSAlgorithm algorithm) {
    JWK found = null;
    for (JWK key : keys) {
      if (kid != null && !kid.equals(key.getKeyID())) {
        continue;
      }
      if (!fits(key, algorithm)) {
        continue;
      }
      if (found != null) {
        return null; // no kid and more than one candidate: ambiguous, refuse
      }
      found = key;
      if (kid != null) {
        return found;
      }
    }
    return found;
  }

  /**
   * The key's type (and curve) is the one the algorithm signs with, and it does not say otherwise.
   */
  private static boolean fits(JWK key, JWSAlgorithm algorithm) {
    if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(algorithm.getName())) {
      return false;
    }
    String name = algorithm.getName();
    if (name.startsWith("RS") || name.startsWith("PS")) {
      return key instanceof RSAKey;
    }
    if (name.equals("ES256")) {
      return key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve());
    }
    if (name.equals("ES384")) {
      return key instanceof ECKey ec && Curve.P_384.equals(ec.getCurve());
    }
    if (name.equals("EdDSA")) {
      return key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve());
    }
    return false;
  }
}
