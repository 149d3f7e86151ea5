package dev.toolgate.operator.validation;

import dev.toolgate.api.compiler.ResourceRef;
import dev.toolgate.api.compiler.Violation;
import dev.toolgate.api.v1alpha1.EgressRule;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.api.v1alpha1.McpToolSpec;
import dev.toolgate.api.v1alpha1.Sandbox;
import dev.toolgate.api.v1alpha1.WritablePath;
import dev.toolgate.operator.model.EgressBoundary;
import dev.toolgate.operator.model.WorkerResources;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates the parts of an McpTool that become worker objects. Routing and policy are the
 * compiler's to judge; this covers what would make the Deployment or NetworkPolicy invalid, or
 * defeat the sandbox.
 */
public final class McpToolValidator {

  /** Mount points that would hide or expose the container's own system directories. */
  private static final Set<String> RESERVED_PATHS = Set.of("/", "/proc", "/sys", "/dev", "/etc");

  private McpToolValidator() {}

  /** Validates with only the default egress deny list. */
  public static List<Violation> validate(McpTool tool) {
    return validate(tool, EgressBoundary.defaults());
  }

  /** Validates as for an operator that knows where the gateway serves its JWKS to workers. */
  public static List<Violation> validate(McpTool tool, EgressBoundary boundary) {
    return validate(tool, boundary, true);
  }

  /**
   * @param gatewayJwksServed the operator knows where workers fetch the gateway's JWKS ({@code
   *     --gateway-jwks-url}); without it {@code sandbox.gatewayJwks} cannot be granted
   */
  public static List<Violation> validate(
      McpTool tool, EgressBoundary boundary, boolean gatewayJwksServed) {
    ResourceRef ref = ResourceRef.of(tool);
    List<Violation> violations = new ArrayList<>();
    McpToolSpec spec = tool.getSpec();
    if (spec == null) {
      violations.add(new Violation(ref, "spec", "required"));
      return violations;
    }
    if (spec.getRemote() != null) {
      return violations;
    }
    resources(ref, spec.getResources(), violations);
    Sandbox sandbox = spec.getSandbox();
    if (sandbox != null) {
      writablePaths(ref, sandbox.getWritablePaths(), violations);
      egress(ref, sandbox.getEgress(), boundary, violations);
      if (Boolean.TRUE.equals(sandbox.getGatewayJwks()) && !gatewayJwksServed) {
        violations.add(
            new Violation(
                ref,
                "spec.sandbox.gatewayJwks",
                "this installation serves no JWKS to workers (the operator has no"
                    + " --gateway-jwks-url)",
                Violation.EGRESS_NOT_ALLOWED));
      }
    }
    return violations;
  }

  private static void resources(
      ResourceRef ref, ResourceRequirements resources, List<Violation> violations) {
    if (resources == null) {
      return;
    }
    Map<String, Quantity> requests = valid(ref, "requests", resources.getRequests(), violations);
    Map<String, Quantity> limits = valid(ref, "limits", resources.getLimits(), violations);
    for (Map.Entry<String, Quantity> request : requests.entrySet()) {
      Quantity limit = limits.get(request.getKey());
      if (limit != null && WorkerResources.exceeds(request.getValue(), limit)) {
        violations.add(
            new Violation(
                ref,
                "spec.resources.requests." + request.getKey(),
                request.getValue() + " is above the limit " + limit));
      }
    }
  }

  /** The quantities that parse; each one that does not is a violation. */
  private static Map<String, Quantity> valid(
      ResourceRef ref, String kind, Map<String, Quantity> quantities, List<Violation> violations) {
    Map<String, Quantity> valid = new java.util.TreeMap<>();
    if (quantities == null) {
      return valid;
    }
    quantities.forEach(
        (name, quantity) -> {
          try {
            if (Quantity.getAmountInBytes(quantity).signum() < 0) {
              throw new IllegalArgumentException("negative");
            }
            valid.put(name, quantity);
          } catch (IllegalArgumentException | ArithmeticException e) {
            violations.add(
                new Violation(
                    ref,
                    "spec.resources." + kind + "." + name,
                    "'" + quantity + "' is not a valid quantity, like 500m or 256Mi"));
          }
        });
    return valid;
  }

  private static void writablePaths(
      ResourceRef ref, List<WritablePath> paths, List<Violation> violations) {
    if (paths == null) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < paths.size(); i++) {
      String field = "spec.sandbox.writablePaths[" + i + "]";
      WritablePath path = paths.get(i);
      String normalized = normalize(path.getPath());
      if (normalized == null) {
        violations.add(new Violation(ref, field + ".path", "must be an absolute path"));
        continue;
      }
      if (RESERVED_PATHS.contains(normalized)) {
        violations.add(
            new Violation(
                ref,
                field + ".path",
                normalized
                    + " cannot be writable: it would hide or replace the image's system files,"
                    + " and the root filesystem stays read-only"));
      }
      if (normalized.contains("/../") || normalized.endsWith("/..")) {
        violations.add(new Violation(ref, field + ".path", "must not contain '..'"));
      }
      if (!seen.add(normalized)) {
        violations.add(new Violation(ref, field + ".path", normalized + " is listed twice"));
      }
      Quantity size = path.getSizeLimit();
      if (size != null) {
        try {
          if (Quantity.getAmountInBytes(size).signum() <= 0) {
            violations.add(new Violation(ref, field + ".sizeLimit", "must be above zero"));
          }
        } catch (IllegalArgumentException e) {
          violations.add(new Violation(ref, field + ".sizeLimit", "not a valid quantity"));
        }
      }
    }
  }

  private static String normalize(String path) {
    if (path == null || !path.startsWith("/")) {
      return null;
    }
    String trimmed = path.replaceAll("/+", "/");
    return trimmed.length() > 1 && trimmed.endsWith("/")
        ? trimmed.substring(0, trimmed.length() - 1)
        : trimmed;
  }

  private static void egress(
      ResourceRef ref,
      List<EgressRule> rules,
      EgressBoundary boundary,
      List<Violation> violations) {
    if (rules == null) {
      return;
    }
    for (int i = 0; i < rules.size(); i++) {
      String field = "spec.sandbox.egress[" + i + "]";
      EgressRule rule = rules.get(i);
      if ((rule.getCidr() == null) == (rule.getHost() == null)) {
        violations.add(new Violation(ref, field, "set exactly one of cidr or host"));
      }
      if (rule.getCidr() != null && !Cidrs.isValid(rule.getCidr())) {
        violations.add(new Violation(ref, field + ".cidr", rule.getCidr() + " is not a CIDR"));
      } else if (rule.getCidr() != null) {
        boundary
            .refusal(rule.getCidr())
            .ifPresent(
                refusal ->
                    violations.add(
                        new Violation(
                            ref, field + ".cidr", refusal, Violation.EGRESS_NOT_ALLOWED)));
      }
      List<Integer> ports = rule.getPorts() == null ? List.of() : rule.getPorts();
      for (int p = 0; p < ports.size(); p++) {
        Integer port = ports.get(p);
        if (port == null || port < 1 || port > 65535) {
          violations.add(
              new Violation(ref, field + ".ports[" + p + "]", port + " is not a port (1-65535)"));
        }
      }
    }
  }
}
