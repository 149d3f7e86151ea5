package dev.toolgate.api.config;

import dev.toolgate.api.ToolgateNames;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a loaded config before the gateway puts it in force. The compiler only emits valid
 * configs; this guards against hand-written dev files and configs from a newer or broken writer. A
 * config with problems is rejected whole and the previous one stays in force.
 */
public final class GatewayConfigValidator {

  private static final java.util.regex.Pattern SCOPE_TOKEN =
      java.util.regex.Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");
  private static final String RESERVED =
      "scopes starting with "
          + ToolgateNames.RESERVED_SCOPE_PREFIX
          + " are reserved for the gateway's own scopes";

  /** The longest access-token lifetime Toolgate accepts anywhere. */
  public static final Duration MAX_TOKEN_LIFETIME = Duration.ofMinutes(15);

  private GatewayConfigValidator() {}

  /**
   * Returns the problems found, each naming where it is; empty when the config is valid.
   *
   * @param addresses where upstreams may be: {@link UpstreamAddressPolicy#strict} for a config from
   *     the cluster, {@link UpstreamAddressPolicy#permissive} only for dev-mode files with local
   *     workers
   */
  public static List<String> validate(GatewayConfig config, UpstreamAddressPolicy addresses) {
    List<String> problems = new ArrayList<>();
    if (!GatewayConfig.CURRENT_VERSION.equals(config.version())) {
      problems.add(
          "version: expected " + GatewayConfig.CURRENT_VERSION + ", got " + config.version());
    }
    if (config.auth() != null) {
      checkAuth(problems, config.auth(), addresses.isEnforced());
    }
    Set<String> ids = new HashSet<>();
    Set<String> paths = new HashSet<>();
    Set<String> exposed = new HashSet<>();
    for (UpstreamConfig upstream : config.upstreams()) {
      String where = "upstreams[" + upstream.id() + "]";
      if (upstream.id() == null || !upstream.id().matches("[^/]+/[^/]+")) {
        problems.add(where + ".id: expected <namespace>/<name>");
        continue;
      }
      if (!ids.add(upstream.id())) {
        problems.add(where + ".id: duplicate");
      }
      if (checkUrl(problems, where + ".url", upstream.url())) {
        (upstream.outsideCluster()
                ? addresses.checkRemote(upstream.url())
                : addresses.checkWorker(upstream.id(), upstream.url()))
            .ifPresent(problem -> problems.add(where + ".url: " + problem));
      }
      if (upstream.toolPrefix() != null && upstream.toolPrefix().contains(".")) {
        problems.add(where + ".toolPrefix: must not contain '.', it separates prefix and tool");
      }
      if (upstream.passthroughPath() == null || !upstream.passthroughPath().startsWith("/")) {
        problems.add(where + ".passthroughPath: expected an absolute path");
      } else if (!paths.add(upstream.passthroughPath())) {
        problems.add(where + ".passthroughPath: duplicate " + upstream.passthroughPath());
      }
      if (upstream.toolPrefix() == null || upstream.toolPrefix().isBlank()) {
        problems.add(where + ".toolPrefix: required");
      }
      checkDuration(problems, where + ".timeout", upstream.timeout(), false);
      for (String scope : upstream.passthroughScopes()) {
        if (scope == null || !SCOPE_TOKEN.matcher(scope).matches()) {
          problems.add(where + ".passthroughScopes: '" + scope + "' is not a valid scope");
        }
      }
      for (ToolConfig tool : upstream.tools()) {
        checkTool(problems, where + ".tools[" + tool.name() + "]", tool, exposed);
      }
      for (ToolSchema schema : upstream.schemas()) {
        checkSchema(problems, where + ".schemas[" + schema.name() + "]", schema);
      }
      if (upstream.redaction() != null) {
        for (String pattern : upstream.redaction().patterns()) {
          checkPattern(problems, where + ".redaction.patterns", pattern);
        }
        for (SecretFingerprint fingerprint : upstream.redaction().fingerprints()) {
          checkFingerprint(problems, where + ".redaction.fingerprints", fingerprint);
        }
      }
    }
    Set<String> scopes = new HashSet<>();
    for (ScopeConfig scope : config.scopes()) {
      String where = "scopes[" + scope.scope() + "]";
      if (scope.scope() == null || scope.scope().isBlank()) {
        problems.add(where + ".scope: required");
      } else if (ToolgateNames.isReservedScope(scope.scope())) {
        problems.add(where + ".scope: " + RESERVED);
      } else if (!scopes.add(scope.scope())) {
        problems.add(where + ".scope: duplicate");
      }
      for (String tool : scope.tools()) {
        if (!exposed.contains(tool)) {
          problems.add(where + ".tools: grants unknown tool " + tool);
        }
      }
      checkDuration(problems, where + ".maxTokenLifetime", scope.maxTokenLifetime(), true);
      checkRateLimit(problems, where + ".rateLimit", scope.rateLimit());
      if (scope.budget() != null) {
        if (scope.budget().units() == null || scope.budget().units() < 1) {
          problems.add(where + ".budget.units: must be at least 1");
        }
        if (scope.budget().period() == null) {
          problems.add(where + ".budget.period: required");
        }
        checkDuration(problems, where + ".budget.period", scope.budget().period(), false);
      }
    }
    return List.copyOf(problems);
  }

  /** A pin or recorded hash the gateway could never match would withhold a tool for good. */
  private static void checkSchema(List<String> problems, String where, ToolSchema schema) {
    if (schema.name() == null || schema.name().isBlank()) {
      problems.add(where + ".name: required");
    }
    for (String hash : new String[] {schema.pinned(), schema.seen()}) {
      if (hash != null && !SCHEMA_HASH.matcher(hash).matches()) {
        problems.add(where + ": '" + hash + "' is not sha256:<64 hex digits>");
      }
    }
  }

  private static final java.util.regex.Pattern SCHEMA_HASH =
      java.util.regex.Pattern.compile(ToolSchema.HASH);

  private static void checkTool(
      List<String> problems, String where, ToolConfig tool, Set<String> exposed) {
    if (tool.name() == null || tool.name().isBlank()) {
      problems.add(where + ".name: required");
    }
    if (tool.exposedName() == null || tool.exposedName().isBlank()) {
      problems.add(where + ".exposedName: required");
    } else if (!exposed.add(tool.exposedName())) {
      problems.add(where + ".exposedName: duplicate " + tool.exposedName());
    }
    for (String scope : tool.scopes()) {
      if (scope == null || !SCOPE_TOKEN.matcher(scope).matches()) {
        problems.add(where + ".scopes: '" + scope + "' is not a valid scope");
      } else if (ToolgateNames.isReservedScope(scope)) {
        problems.add(where + ".scopes: " + RESERVED);
      }
    }
    checkRateLimit(problems, where + ".rateLimit", tool.rateLimit());
    if (tool.cache() != null) {
      checkDuration(problems, where + ".cache.ttl", tool.cache().ttl(), false);
      if (tool.cache().ttl() == null) {
        problems.add(where + ".cache.ttl: required");
      }
    }
    if (tool.loopDetection() != null) {
      if (tool.loopDetection().maxRepeats() != null && tool.loopDetection().maxRepeats() < 0) {
        problems.add(where + ".loopDetection.maxRepeats: must not be negative");
      }
      checkDuration(
          problems, where + ".loopDetection.window", tool.loopDetection().window(), false);
    }
    if (tool.cost() != null && tool.cost() < 0) {
      problems.add(where + ".cost: must not be negative");
    }
    checkDuration(problems, where + ".timeout", tool.timeout(), false);
  }

  private static void checkAuth(List<String> problems, AuthConfig auth, boolean fromCluster) {
    checkDuration(problems, "auth.maxTokenLifetime", auth.maxTokenLifetime(), true);
    checkDuration(problems, "auth.clockSkew", auth.clockSkew(), false);
    if (Durations.isValid(auth.clockSkew())
        && Durations.parse(auth.clockSkew()).compareTo(AuthConfig.MAX_CLOCK_SKEW) > 0) {
      problems.add("auth.clockSkew: " + auth.clockSkew() + " is above the 5m limit");
    }
    if (auth.groupsClaim() != null && auth.groupsClaim().isBlank()) {
      problems.add("auth.groupsClaim: must not be blank");
    }
    if (auth.audience() == null || auth.audience().isBlank()) {
      problems.add(
          "auth.audience: required, the gateway's canonical URL such as https://mcp.example.com/mcp");
    } else {
      checkSecureUrl(problems, "auth.audience", auth.audience());
    }
    List<IssuerConfig> issuers = auth.trustedIssuers();
    if (issuers.isEmpty()) {
      problems.add("auth.issuers: at least one trusted issuer is required");
    }
    Set<String> seen = new HashSet<>();
    for (IssuerConfig issuer : issuers) {
      String where = "auth.issuers[" + issuer.issuer() + "]";
      if (issuer.issuer() == null || issuer.issuer().isBlank()) {
        problems.add(where + ".issuer: required");
        continue;
      }
      if (!seen.add(issuer.issuer())) {
        problems.add(where + ".issuer: duplicate");
      }
      checkSecureUrl(problems, where + ".issuer", issuer.issuer());
      if (issuer.jwksUri() != null) {
        checkSecureUrl(problems, where + ".jwksUri", issuer.jwksUri());
      }
      for (String algorithm : issuer.algorithms()) {
        if (!IssuerConfig.ALLOWED_ALGORITHMS.contains(algorithm)) {
          problems.add(
              where
                  + ".algorithms: "
                  + algorithm
                  + " is not accepted; use asymmetric signatures only: "
                  + String.join(", ", IssuerConfig.ALLOWED_ALGORITHMS));
        }
      }
      if (issuer.kind() != null && !issuer.isKubernetes()) {
        problems.add(
            where
                + ".kind: expected "
                + IssuerConfig.KIND_KUBERNETES
                + " or none, got "
                + issuer.kind());
      }
      checkFile(problems, where + ".caFile", issuer.caFile());
      checkFile(problems, where + ".tokenFile", issuer.tokenFile());
      if (issuer.audiences().size() > 8) {
        problems.add(where + ".audiences: at most 8");
      }
      for (String audience : issuer.audiences()) {
        if (audience == null || audience.isBlank() || audience.length() > 256) {
          problems.add(where + ".audiences: each must be a non-empty value of at most 256 chars");
        }
      }
      if (issuer.tokenFile() != null) {
        if (!issuer.isKubernetes()) {
          problems.add(
              where + ".tokenFile: only for kind " + IssuerConfig.KIND_KUBERNETES + " issuers");
        }
        if (issuer.caFile() == null) {
          problems.add(
              where
                  + ".tokenFile: needs caFile, so the token goes only to servers with a"
                  + " certificate from that authority");
        }
        // A config from the cluster could be forged: it may send the gateway's own token only
        // where the pod would, to a server with a certificate from the cluster's authority.
        if (fromCluster
            && !(IssuerConfig.POD_TOKEN_FILE.equals(issuer.tokenFile())
                && IssuerConfig.POD_CA_FILE.equals(issuer.caFile()))) {
          problems.add(
              where
                  + ".tokenFile: in a config from the cluster only "
                  + IssuerConfig.POD_TOKEN_FILE
                  + " with caFile "
                  + IssuerConfig.POD_CA_FILE);
        }
      }
    }
  }

  /** An absolute path, when given. */
  private static void checkFile(List<String> problems, String where, String path) {
    if (path != null && (path.isBlank() || !path.startsWith("/"))) {
      problems.add(where + ": expected an absolute path, got '" + path + "'");
    }
  }

  /**
   * An absolute URL without fragment, over https unless it names a loopback host (tests and a
   * developer's machine).
   */
  private static void checkSecureUrl(List<String> problems, String where, String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      problems.add(where + ": not a URL: " + url);
      return;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      problems.add(where + ": expected an https URL, got " + url);
    } else if (scheme.equals("http") && !isLoopback(uri.getHost())) {
      problems.add(where + ": must use https (plain http only on loopback), got " + url);
    }
    if (uri.getRawFragment() != null) {
      problems.add(where + ": must not have a fragment");
    }
  }

  /** {@code localhost}, 127.0.0.0/8 or {@code [::1]}. */
  public static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost")
        || h.equals("[::1]")
        || h.equals("::1")
        || h.matches("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");
  }

  private static void checkRateLimit(List<String> problems, String where, RateLimitConfig limit) {
    if (limit == null) {
      return;
    }
    if (limit.requests() == null || limit.requests() < 1) {
      problems.add(where + ".requests: must be at least 1");
    }
    if (limit.period() == null) {
      problems.add(where + ".period: required");
    }
    checkDuration(problems, where + ".period", limit.period(), false);
    String per = limit.perOrDefault();
    if (!per.equals(RateLimitConfig.PER_CALLER) && !per.equals(RateLimitConfig.PER_TOOL)) {
      problems.add(where + ".per: expected caller or tool, got " + per);
    }
  }

  private static void checkDuration(
      List<String> problems, String where, String value, boolean isTokenLifetime) {
    if (value == null) {
      return;
    }
    if (!Durations.isValid(value)) {
      problems.add(where + ": invalid duration " + value);
      return;
    }
    Duration duration = Durations.parse(value);
    if (duration.isZero()) {
      problems.add(where + ": must be longer than zero");
    }
    if (isTokenLifetime && duration.compareTo(MAX_TOKEN_LIFETIME) > 0) {
      problems.add(where + ": " + value + " is above the 15m limit");
    }
  }

  private static boolean checkUrl(List<String> problems, String where, String url) {
    try {
      URI uri = URI.create(url);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return true;
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      // reported below
    }
    problems.add(where + ": expected an http(s) URL, got " + url);
    return false;
  }

  private static void checkFingerprint(
      List<String> problems, String where, SecretFingerprint fingerprint) {
    if (fingerprint.length() == null || fingerprint.length() < SecretFingerprints.MIN_LENGTH) {
      problems.add(where + ".length: must be at least " + SecretFingerprints.MIN_LENGTH);
    }
    try {
      long window = Long.parseLong(String.valueOf(fingerprint.window()));
      if (window < 0 || window >= SecretFingerprints.MODULUS) {
        problems.add(where + ".window: out of range");
      }
    } catch (NumberFormatException e) {
      problems.add(where + ".window: expected a number");
    }
    if (fingerprint.digest() == null || fingerprint.digest().isBlank()) {
      problems.add(where + ".digest: required");
    }
    if (fingerprint.keyId() == null || fingerprint.keyId().isBlank()) {
      problems.add(where + ".keyId: required");
    }
  }

  private static void checkPattern(List<String> problems, String where, String pattern) {
    try {
      java.util.regex.Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      problems.add(where + ": invalid regular expression " + pattern + ": " + e.getDescription());
    }
  }
}
