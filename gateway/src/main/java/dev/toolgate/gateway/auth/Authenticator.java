package dev.toolgate.gateway.auth;

import dev.toolgate.api.config.AuthConfig;
import dev.toolgate.api.config.IssuerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every MCP request against the auth settings in force. Fails closed: with no auth
 * settings every request is refused, unless the gateway was started to allow anonymous callers. The
 * cheap path ({@link #authenticate}) is a cache lookup; a token seen for the first time needs
 * {@link #verify}, which may block on a key fetch and so runs off the I/O thread.
 */
public final class Authenticator {

  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

  /** What the settings in force are: the verifier and how URLs are named. */
  public record Settings(AuthConfig config, ResourceUrls resource, TokenVerifier verifier) {

    /** The issuers advertised to clients: all but the cluster's service-account issuer. */
    public List<String> authorizationServers() {
      return config.trustedIssuers().stream()
          .filter(i -> !i.isKubernetes())
          .map(IssuerConfig::issuer)
          .toList();
    }
  }

  /**
   * How keys are fetched and cached.
   *
   * @param fetcher the fetcher of issuers that name no certificate authority of their own
   */
  public record KeyPolicy(JsonFetcher fetcher, Duration minRefetch, Duration maxAge) {

    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_DOCUMENT_BYTES = 256 * 1024;

    public static KeyPolicy defaults() {
      return new KeyPolicy(
          JsonFetcher.http(FETCH_TIMEOUT, MAX_DOCUMENT_BYTES),
          Duration.ofSeconds(30),
          Duration.ofMinutes(10));
    }

    /**
     * The fetcher of one issuer's metadata and keys: with the issuer's own certificate authorities
     * and token when it names them ({@code caFile}, {@code tokenFile}), else the shared one.
     */
    public JsonFetcher fetcherFor(IssuerConfig issuer) {
      if (issuer.caFile() == null) {
        return fetcher;
      }
      return JsonFetcher.http(
          FETCH_TIMEOUT,
          MAX_DOCUMENT_BYTES,
          Path.of(issuer.caFile()),
          issuer.tokenFile() == null ? null : Path.of(issuer.tokenFile()));
    }
  }

  private final Clock clock;
  private final boolean allowAnonymous;
  private final KeyPolicy keyPolicy;
  private final VerifiedTokens verified;
  private final Map<String, IssuerKeys> keysByIssuer = new HashMap<>();
  private volatile Settings settings;

  private final AuthFailures failures = new AuthFailures();

  public Authenticator(Clock clock, boolean allowAnonymous, KeyPolicy keyPolicy, int cacheSize) {
    this.clock = clock;
    this.allowAnonymous = allowAnonymous;
    this.keyPolicy = keyPolicy;
    this.verified = new VerifiedTokens(cacheSize);
  }

  /**
   * Puts new auth settings in force ({@code null}: none). Cached verifications are dropped; the
   * keys of issuers that stay (same issuer, key URL and fetch settings) are kept, and new issuers'
   * keys are fetched in the background.
   */
  public synchronized void configure(AuthConfig auth) {
    verified.clear();
    if (auth == null) {
      settings = null;
      keysByIssuer.clear();
      return;
    }
    Map<String, TrustedIssuer> issuers = new LinkedHashMap<>();
    Map<String, IssuerKeys> keep = new HashMap<>();
    for (IssuerConfig issuer : auth.trustedIssuers()) {
      String cacheKey =
          String.join(
              "\n",
              issuer.issuer(),
              String.valueOf(issuer.jwksUri()),
              String.valueOf(issuer.caFile()),
              String.valueOf(issuer.tokenFile()));
      IssuerKeys keys = keysByIssuer.get(cacheKey);
      if (keys == null) {
        keys =
            new IssuerKeys(
                issuer.issuer(),
                issuer.jwksUri(),
                keyPolicy.fetcherFor(issuer),
                clock,
                keyPolicy.minRefetch(),
                keyPolicy.maxAge());
        IssuerKeys warm = keys;
        Thread.startVirtualThread(warm::refresh);
      }
      keep.put(cacheKey, keys);
      issuers.put(issuer.issuer(), TrustedIssuer.of(issuer, keys));
    }
    keysByIssuer.clear();
    keysByIssuer.putAll(keep);
    ResourceUrls resource = new ResourceUrls(auth.audience());
    settings =
        new Settings(
            auth,
            resource,
            new TokenVerifier(
                issuers,
                resource,
                auth.maxTokenLifetimeOrDefault(),
                auth.clockSkewOrDefault(),
                auth.groupsClaimOrDefault(),
                clock));
    LOG.info(
        "auth in force: audience {}, issuers {}",
        resource.canonical(),
        String.join(", ", issuers.keySet()));
  }

  /** Requests refused for who sent them, by reason. */
  public AuthFailures failures() {
    return failures;
  }

  public Optional<Settings> settings() {
    return Optional.ofNullable(settings);
  }

  /** Whether requests without auth settings are served as {@link Principal#ANONYMOUS}. */
  public boolean allowsAnonymous() {
    return allowAnonymous;
  }

  /**
   * The cheap check of one request to the endpoint at {@code path}: refused, authenticated from the
   * cache, or in need of {@link #verify}.
   */
  public AuthOutcome authenticate(Credentials credentials, String path) {
    Settings current = settings;
    if (current == null) {
      return allowAnonymous
          ? new AuthOutcome.Authenticated(Principal.ANONYMOUS)
          : new AuthOutcome.Refused(
              AuthFailure.missing(
                  "no token issuer is configured: this gateway refuses every call until its"
                      + " config has an auth section"));
    }
    return switch (credentials) {
      case Credentials.Refused refused -> new AuthOutcome.Refused(refused.failure());
      case Credentials.Missing missing ->
          new AuthOutcome.Refused(AuthFailure.missing("a bearer token is required"));
      case Credentials.Bearer bearer -> {
        VerifiedToken token = verified.get(VerifiedTokens.key(bearer.token()), clock.millis());
        yield token == null
            ? new AuthOutcome.NeedsVerification(bearer.token())
            : usableAt(token, current, path);
      }
    };
  }

  /** The full verification of a token not in the cache; blocking. */
  public AuthOutcome verify(String token, String path) {
    Settings current = settings;
    if (current == null) {
      return authenticate(new Credentials.Missing(), path);
    }
    try {
      VerifiedToken verifiedToken = current.verifier().verify(token);
      if (settings == current) {
        verified.put(VerifiedTokens.key(token), verifiedToken, clock.millis());
      }
      return usableAt(verifiedToken, current, path);
    } catch (TokenRefused e) {
      LOG.debug("token refused: {}", e.getMessage());
      return new AuthOutcome.Refused(AuthFailure.invalidToken(e.getMessage()));
    }
  }

  private static AuthOutcome usableAt(VerifiedToken token, Settings settings, String path) {
    if (!settings.resource().accepts(token.audiences(), path)) {
      return new AuthOutcome.Refused(
          AuthFailure.invalidToken("the token is not for this endpoint (aud)"));
    }
    return new AuthOutcome.Authenticated(token.principal());
  }

  /** Verified tokens held, for tests and metrics. */
  public int cachedTokens() {
    return verified.size();
  }
}
