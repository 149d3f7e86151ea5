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

  /**
   * Reads a byte count as the operator's flags and McpGateway limits write it: digits with an
   * optional {@code Ki} or {@code Mi} suffix.
   *
   * @throws IllegalArgumentException naming the value when it is not one
   */
  public static long parseBytes(String value) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("([0-9]{1,9})(Ki|Mi)?").matcher(value == null ? "" : value);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + value + "' is not a byte count like 262144, 256Ki or 1Mi");
    }
    long number = Long.parseLong(m.group(1));
    return m.group(2) == null ? number : number * (m.group(2).equals("Ki") ? 1024 : 1024 * 1024);
  }

  public static ConfigBudget defaults() {
    return new ConfigBudget(DEFAULT_PER_NAMESPACE, DEFAULT_TOTAL);
  }
}
