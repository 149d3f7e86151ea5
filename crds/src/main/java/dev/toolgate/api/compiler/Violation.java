package dev.toolgate.api.compiler;

/**
 * One problem the compiler found.
 *
 * @param resource the McpTool or McpScope it is about
 * @param field the path of the offending field, for example {@code spec.tools[get_invoice].cache}
 * @param message what is wrong and what was left out because of it
 */
public record Violation(ResourceRef resource, String field, String message) {

  @Override
  public String toString() {
    return resource + ": " + field + ": " + message;
  }
}
