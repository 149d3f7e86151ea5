package dev.toolgate.cli.resources;

import java.nio.file.Path;

/**
 * One thing wrong with the files, told the way a user fixes it: which file, which resource, which
 * field, what is wrong.
 *
 * @param file the YAML file, relative to the directory given
 * @param resource {@code <Kind> <namespace>/<name>}, or {@code null} when the document could not be
 *     read as a resource
 * @param field the path of the field, for example {@code spec.tools[0].rateLimit.requests}; {@code
 *     null} for the whole document
 * @param message what is wrong
 * @param check who found it: {@code yaml}, {@code schema} (the CRD's OpenAPI schema), {@code
 *     validator} (the operator's McpTool validator) or {@code compiler} (the gateway config
 *     compiler)
 * @param reason the CamelCase reason the operator would put on the resource's status, or {@code
 *     null}
 */
public record Problem(
    Path file, String resource, String field, String message, String check, String reason) {

  public static final String YAML = "yaml";
  public static final String SCHEMA = "schema";
  public static final String VALIDATOR = "validator";
  public static final String COMPILER = "compiler";

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(String.valueOf(file));
    if (resource != null) {
      text.append(": ").append(resource);
    }
    if (field != null) {
      text.append(": ").append(field);
    }
    text.append(": ").append(message);
    if (reason != null) {
      text.append(" (").append(reason).append(')');
    }
    return text.append(" [").append(check).append(']').toString();
  }
}
