package dev.toolgate.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the cluster knows of one tool's definition, so the gateway can hold a worker to it.
 *
 * @param name the tool's name on the upstream server
 * @param pinned the approved schema hash ({@code sha256:<64 hex>}): a worker listing any other
 *     definition has the tool withheld and refused; {@code null}: not pinned
 * @param seen the schema hash the McpTool's status records, {@code null} before one is recorded;
 *     the gateway reports only tools whose definition differs from it, so its report stays small
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolSchema(String name, String pinned, String seen) {

  /** A schema hash: the SHA-256 of a tool definition's canonical JSON, as lower-case hex. */
  public static final String HASH = "^sha256:[0-9a-f]{64}$";
}
