package dev.toolgate.operator.validation;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.compiler.ResourceRef;
import dev.toolgate.api.compiler.Violation;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.api.v1alpha1.McpToolSpec;
import dev.toolgate.operator.routing.Exclusion;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the platform holds every worker to beyond its own spec, each rule off unless the operator's
 * settings turn it on; the namespace that is never served always applies. A refused McpTool gets no
 * worker objects (its last valid ones keep running).
 *
 * @param requireImageDigests a worker image must be pinned by digest ({@code @sha256:<64 hex>})
 * @param envSecretLabel labels a Secret must carry for a worker's env to read it; empty: any Secret
 */
public record PlatformPolicy(boolean requireImageDigests, Map<String, String> envSecretLabel) {

  private static final Pattern DIGEST = Pattern.compile("@sha256:[0-9a-f]{64}$");

  /** A label key: an optional DNS-subdomain prefix and a name of at most 63 characters. */
  private static final Pattern LABEL_KEY =
      Pattern.compile(
          "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
              + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

  /**
   * @throws IllegalArgumentException when a label is not one Kubernetes accepts, which would
   *     otherwise fail the Secret informer at start
   */
  public PlatformPolicy {
    envSecretLabel = Map.copyOf(envSecretLabel);
    envSecretLabel.forEach(
        (key, value) -> {
          if (!LABEL_KEY.matcher(key).matches() || !LABEL_VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException(
                "'" + key + "=" + value + "' is not a Kubernetes label (key=value)");
          }
        });
  }

  /** No optional rule: only the never-served namespace. */
  public static PlatformPolicy none() {
    return new PlatformPolicy(false, Map.of());
  }

  /** Whether Secrets must be looked at at all. */
  public boolean limitsEnvSecrets() {
    return !envSecretLabel.isEmpty();
  }

  /** The label selector of the Secrets a worker's env may read, such as {@code team=tools}. */
  public String envSecretSelector() {
    return new TreeMap<>(envSecretLabel)
        .entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(","));
  }

  /**
   * @param labelledSecret whether a Secret (namespace, name) carries {@link #envSecretLabel}; only
   *     asked when that rule is on
   */
  public List<Violation> check(McpTool tool, BiPredicate<String, String> labelledSecret) {
    ResourceRef ref = ResourceRef.of(tool);
    List<Violation> violations = new ArrayList<>();
    if (ToolgateNames.NEVER_SERVED_NAMESPACE.equals(ref.namespace())) {
      violations.add(
          new Violation(
              ref,
              "metadata.namespace",
              Exclusion.neverServed(ref.namespace()),
              Violation.NAMESPACE_NOT_SERVED));
      return violations;
    }
    McpToolSpec spec = tool.getSpec();
    if (spec == null || spec.getRemote() != null) {
      return violations;
    }
    if (requireImageDigests
        && (spec.getImage() == null || !DIGEST.matcher(spec.getImage()).find())) {
      violations.add(
          new Violation(
              ref,
              "spec.image",
              spec.getImage()
                  + " is not pinned by digest: the platform requires worker images as"
                  + " <image>@sha256:<64 hex digits> (--require-image-digests), so what runs"
                  + " cannot change under the same tag",
              Violation.IMAGE_NOT_PINNED));
    }
    if (limitsEnvSecrets()) {
      envSecrets(ref, spec.getEnv(), labelledSecret, violations);
    }
    return violations;
  }

  /** The names of the Secrets a worker's env reads ({@code env[].valueFrom.secretKeyRef}). */
  public static Set<String> envSecretNames(McpTool tool) {
    if (tool.getSpec() == null || tool.getSpec().getEnv() == null) {
      return Set.of();
    }
    Set<String> names = new TreeSet<>();
    for (EnvVar var : tool.getSpec().getEnv()) {
      if (var.getValueFrom() != null
          && var.getValueFrom().getSecretKeyRef() != null
          && var.getValueFrom().getSecretKeyRef().getName() != null) {
        names.add(var.getValueFrom().getSecretKeyRef().getName());
      }
    }
    return names;
  }

  private void envSecrets(
      ResourceRef ref,
      List<EnvVar> env,
      BiPredicate<String, String> labelledSecret,
      List<Violation> violations) {
    if (env == null) {
      return;
    }
    for (int i = 0; i < env.size(); i++) {
      EnvVar var = env.get(i);
      SecretKeySelector secret =
          var.getValueFrom() == null ? null : var.getValueFrom().getSecretKeyRef();
      if (secret == null) {
        continue;
      }
      if (secret.getName() == null || !labelledSecret.test(ref.namespace(), secret.getName())) {
        violations.add(
            new Violation(
                ref,
                "spec.env[" + i + "].valueFrom.secretKeyRef",
                "Secret "
                    + ref.namespace()
                    + "/"
                    + secret.getName()
                    + " does not carry the label "
                    + envSecretSelector()
                    + " (--env-secret-label): workers may read only Secrets so labelled; label"
                    + " it, or use another Secret",
                Violation.ENV_SECRET_NOT_ALLOWED));
      }
    }
  }
}
