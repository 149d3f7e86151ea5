package dev.toolgate.api.compiler;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.config.AuditConfig;
import dev.toolgate.api.config.CacheConfig;
import dev.toolgate.api.config.Durations;
import dev.toolgate.api.config.LoopDetectionConfig;
import dev.toolgate.api.config.RateLimitConfig;
import dev.toolgate.api.config.RedactionConfig;
import dev.toolgate.api.config.ToolConfig;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.api.v1alpha1.LoopDetection;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.api.v1alpha1.McpToolSpec;
import dev.toolgate.api.v1alpha1.Redaction;
import dev.toolgate.api.v1alpha1.ToolPolicy;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles one McpTool into an upstream. What it drops on a violation follows one rule: a problem
 * in what protects callers or data (rate limit, scopes, redaction, where the server is) drops the
 * tool or the whole upstream; a problem in an optimisation (cache, timeout) drops only that field.
 */
final class UpstreamCompiler {

  private final CompilerSettings settings;
  private final RedactionSecrets secrets;

  UpstreamCompiler(CompilerSettings settings, RedactionSecrets secrets) {
    this.settings = settings;
    this.secrets = secrets;
  }

  /** The upstream with its scopes not yet merged with McpScope grants, or empty when unusable. */
  Optional<UpstreamConfig> compile(McpTool tool, Violations violations) {
    McpToolSpec spec = tool.getSpec();
    if (spec == null) {
      violations.add("spec", "required");
      return Optional.empty();
    }
    String namespace = tool.getMetadata().getNamespace();
    String name = tool.getMetadata().getName();
    Optional<String> url = url(namespace, name, spec, violations);
    Optional<RedactionConfig> redaction = redaction(namespace, spec.getRedact(), violations);
    String prefix = spec.getToolPrefix() == null ? name : spec.getToolPrefix();
    if (!Checks.PREFIX.matcher(prefix).matches()) {
      violations.add(
          spec.getToolPrefix() == null ? "metadata.name" : "spec.toolPrefix",
          "'" + prefix + "' is not a usable tool prefix (1-64 of A-Z a-z 0-9 _ -)");
      return Optional.empty();
    }
    if (url.isEmpty() || redaction.isEmpty()) {
      return Optional.empty();
    }
    String timeout = timeout(violations, "spec.timeout", spec.getTimeout());
    SchemaPins pins = SchemaPins.of(tool);
    pins.problems()
        .forEach(
            problem ->
                violations.add(
                    "metadata.annotations[" + ToolgateNames.APPROVE_SCHEMAS_ANNOTATION + "]",
                    problem));
    return Optional.of(
        new UpstreamConfig(
            namespace + "/" + name,
            url.get(),
            ToolgateNames.passthroughPath(namespace, name),
            prefix,
            Boolean.TRUE.equals(spec.getExposeAll()) ? Boolean.TRUE : null,
            timeout == null ? defaultTimeout() : timeout,
            tools(prefix, spec.getTools(), violations),
            redaction.get().patterns().isEmpty() && redaction.get().secretRefs().isEmpty()
                ? null
                : redaction.get(),
            spec.getRemote() != null ? Boolean.TRUE : null,
            List.of(ToolgateNames.passthroughScope(namespace, name)),
            pins.schemas()));
  }

  /**
   * A timeout, or {@code null} when it is not one; above the operator's bound it is reported and
   * the bound applies, so a tool never holds a gateway thread and a worker call longer than that.
   */
  private String timeout(Violations violations, String field, String value) {
    String valid = Checks.duration(violations, field, value);
    if (valid == null || Durations.parse(valid).compareTo(settings.maxTimeout()) <= 0) {
      return valid;
    }
    String bound = Durations.format(settings.maxTimeout());
    violations.add(
        field,
        valid
            + " is above the limit on tool timeouts (McpGateway spec.limits.maxToolTimeout, else"
            + " --max-tool-timeout); "
            + bound
            + " applies",
        Violation.TIMEOUT_ABOVE_LIMIT);
    return bound;
  }

  private String defaultTimeout() {
    return Durations.parse(ToolgateNames.DEFAULT_TIMEOUT).compareTo(settings.maxTimeout()) <= 0
        ? ToolgateNames.DEFAULT_TIMEOUT
        : Durations.format(settings.maxTimeout());
  }

  private Optional<String> url(
      String namespace, String name, McpToolSpec spec, Violations violations) {
    boolean hasImage = spec.getImage() != null && !spec.getImage().isBlank();
    boolean hasRemote = spec.getRemote() != null;
    if (hasImage == hasRemote) {
      violations.add("spec", "set exactly one of image or remote");
      return Optional.empty();
    }
    if (hasRemote) {
      String remote = spec.getRemote().getUrl();
      Optional<String> refused =
          remote == null ? Optional.empty() : settings.upstreamAddresses().checkRemote(remote);
      if (refused.isPresent()) {
        violations.add(
            "spec.remote.url",
            refused.get() + "; the McpTool is not routed",
            Violation.UPSTREAM_NOT_ALLOWED);
        return Optional.empty();
      }
      if (remote == null || !Checks.isHttpUrl(remote)) {
        violations.add("spec.remote.url", "'" + remote + "' is not an http(s) URL");
        return Optional.empty();
      }
      return Optional.of(remote);
    }
    int port = spec.getPort() == null ? ToolgateNames.DEFAULT_PORT : spec.getPort();
    String path = spec.getPath() == null ? ToolgateNames.DEFAULT_PATH : spec.getPath();
    String url = ToolgateNames.workerUrl(namespace, name, port, path, settings.clusterDomain());
    // The gateway rejects a config whose worker URL is not exactly this; one odd spec must not
    // make it reject everyone's config, so the same check leaves only this McpTool out.
    Optional<String> refused =
        settings.upstreamAddresses().checkWorker(namespace + "/" + name, url);
    if (refused.isPresent()) {
      violations.add(
          "spec.path",
          refused.get() + "; the McpTool is not routed",
          Violation.UPSTREAM_NOT_ALLOWED);
      return Optional.empty();
    }
    return Optional.of(url);
  }

  private Optional<RedactionConfig> redaction(
      String namespace, Redaction redact, Violations violations) {
    if (redact == null) {
      return Optional.of(new RedactionConfig(List.of(), List.of()));
    }
    List<String> patterns = redact.getPatterns() == null ? List.of() : redact.getPatterns();
    boolean valid = true;
    for (int i = 0; i < patterns.size(); i++) {
      try {
        Pattern.compile(patterns.get(i));
      } catch (PatternSyntaxException e) {
        violations.add(
            "spec.redact.patterns[" + i + "]",
            "not a valid regular expression ("
                + e.getDescription()
                + "); the McpTool is not routed until redaction can be applied");
        valid = false;
      }
    }
    List<RedactionConfig.SecretRef> refs = new ArrayList<>();
    List<SecretKeySelector> secretRefs =
        redact.getSecretRefs() == null ? List.of() : redact.getSecretRefs();
    for (int i = 0; i < secretRefs.size(); i++) {
      SecretKeySelector ref = secretRefs.get(i);
      if (ref.getName() == null || ref.getName().isBlank()) {
        violations.add("spec.redact.secretRefs[" + i + "].name", "required");
        valid = false;
      } else {
        refs.add(new RedactionConfig.SecretRef(namespace, ref.getName(), ref.getKey()));
      }
    }
    if (!valid) {
      return Optional.empty();
    }
    return secrets
        .fingerprint(refs, "spec.redact.secretRefs", violations)
        .map(fingerprints -> new RedactionConfig(patterns, refs, fingerprints));
  }

  private List<ToolConfig> tools(String prefix, List<ToolPolicy> policies, Violations violations) {
    if (policies == null) {
      return List.of();
    }
    List<ToolConfig> tools = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ToolPolicy policy : policies) {
      String field = "spec.tools[" + policy.getName() + "]";
      if (policy.getName() == null || !Checks.TOOL_NAME.matcher(policy.getName()).matches()) {
        violations.add(field + ".name", "not a valid MCP tool name; the tool is not exposed");
      } else if (!seen.add(policy.getName())) {
        violations.add(field + ".name", "listed twice; only the first entry is used");
      } else {
        tool(prefix, policy, field, violations).ifPresent(tools::add);
      }
    }
    tools.sort((a, b) -> a.name().compareTo(b.name()));
    return tools;
  }

  private Optional<ToolConfig> tool(
      String prefix, ToolPolicy policy, String field, Violations violations) {
    TreeSet<String> scopes = new TreeSet<>();
    if (policy.getScopes() == null || policy.getScopes().isEmpty()) {
      scopes.add(ToolgateNames.defaultScope(prefix, policy.getName()));
    } else {
      for (String scope : policy.getScopes()) {
        if (scope == null || !Checks.SCOPE_TOKEN.matcher(scope).matches()) {
          violations.add(
              field + ".scopes", "'" + scope + "' is not a valid scope; the tool is not exposed");
          return Optional.empty();
        }
        if (ToolgateNames.isReservedScope(scope)) {
          violations.add(
              field + ".scopes",
              "'"
                  + scope
                  + "' starts with "
                  + ToolgateNames.RESERVED_SCOPE_PREFIX
                  + ", which is reserved for the gateway's own scopes; the tool is not exposed");
          return Optional.empty();
        }
        scopes.add(scope);
      }
    }
    RateLimitConfig rateLimit = null;
    if (policy.getRateLimit() != null) {
      rateLimit = Checks.rateLimit(violations, field + ".rateLimit", policy.getRateLimit());
      if (rateLimit == null) {
        return Optional.empty();
      }
    }
    Boolean idempotent = Boolean.TRUE.equals(policy.getIdempotent()) ? Boolean.TRUE : null;
    CacheConfig cache = null;
    if (policy.getCache() != null) {
      // Kept without idempotent: the gateway also caches tools whose server marks them readOnlyHint
      // or idempotentHint, which only the gateway sees; for any other tool it stays unused.
      String ttl = Checks.duration(violations, field + ".cache.ttl", policy.getCache().getTtl());
      cache =
          ttl == null
              ? null
              : new CacheConfig(
                  ttl, Boolean.TRUE.equals(policy.getCache().getShared()) ? Boolean.TRUE : null);
    }
    LoopDetectionConfig loops = null;
    if (policy.getLoopDetection() != null) {
      LoopDetection given = policy.getLoopDetection();
      if (given.getMaxRepeats() != null && given.getMaxRepeats() < 0) {
        violations.add(
            field + ".loopDetection.maxRepeats",
            "must not be negative; the gateway's default applies");
      } else {
        String window =
            Checks.duration(violations, field + ".loopDetection.window", given.getWindow());
        if (given.getMaxRepeats() != null || window != null) {
          loops = new LoopDetectionConfig(given.getMaxRepeats(), window);
        }
      }
    }
    if (policy.getCost() != null && policy.getCost() < 0) {
      violations.add(field + ".cost", "must not be negative; the tool is not exposed");
      return Optional.empty();
    }
    return Optional.of(
        new ToolConfig(
            policy.getName(),
            ToolgateNames.exposedName(prefix, policy.getName()),
            List.copyOf(scopes),
            rateLimit,
            cache,
            policy.getCost(),
            timeout(violations, field + ".timeout", policy.getTimeout()),
            idempotent,
            loops,
            policy.getAudit() == null
                ? null
                : AuditConfig.of(
                    policy.getAudit().getSync(),
                    policy.getAudit().getArguments(),
                    policy.getAudit().getResult())));
  }
}
