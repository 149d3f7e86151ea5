package dev.toolgate.api.compiler;

/**
 * How large the compiled config may grow, counted in bytes of YAML. A ConfigMap holds at most 1
 * MiB, so the defaults stay well below it: one namespace cannot crowd the others out, and all of
 * them together cannot make the operator's write fail (which would stop every update, revocations
 * included).
 *
 * @param perNamespace bytes the McpTools and McpScopes of one namespace may take
 * @param total bytes all entries may take
 */
public record ConfigBudget(long perNamespace, long total) {

  /** The size of a ConfigMap's data that the API server accepts. */
  public static final long CONFIGMAP_LIMIT = 1024 * 1024;

  /** The largest total budget: room is left for the data key beside the config. */
  public static final long MAX_TOTAL = CONFIGMAP_LIMIT - 1024;

  public static final long DEFAULT_PER_NAMESPACE = 256 * 1024;
  public static final long DEFAULT_TOTAL = 768 * 1024;

  public ConfigBudget {
    if (perNamespace < 1 || total < 1) {
      throw new IllegalArgumentException("config budgets must be positive");
    }
    if (total > MAX_TOTAL) {
      throw new IllegalArgumentException(
          "the total config budget "
              + total
              + " bytes is above "
              + MAX_TOTAL
              + " (a ConfigMap holds 1 MiB)");
    }
  }

  public static ConfigBudget defaults() {
    return new ConfigBudget(DEFAULT_PER_NAMESPACE, DEFAULT_TOTAL);
  }
}
