package dev.toolgate.cli.resources;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.Map;

/**
 * One Toolgate resource read from a file: the document as written (what the CRD schema is checked
 * against) and, when it could be bound, the typed resource (what the operator's code reads).
 *
 * @param file the file, relative to the directory given
 * @param document the document's index in a multi-document file, from 0
 * @param raw the document as parsed YAML
 * @param resource the typed McpTool, McpScope or McpGateway; {@code null} when binding failed
 */
public record Manifest(Path file, int document, Map<String, Object> raw, HasMetadata resource) {

  /** {@code <Kind> <namespace>/<name>}, as problems name it. */
  public String describe() {
    return kind() + " " + namespace() + "/" + name();
  }

  public String kind() {
    return String.valueOf(raw.get("kind"));
  }

  public String name() {
    return String.valueOf(metadata().get("name"));
  }

  /** The namespace as written, else {@code default}, where kubectl would put it. */
  public String namespace() {
    Object namespace = metadata().get("namespace");
    return namespace == null ? ManifestReader.DEFAULT_NAMESPACE : namespace.toString();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> metadata() {
    return raw.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
