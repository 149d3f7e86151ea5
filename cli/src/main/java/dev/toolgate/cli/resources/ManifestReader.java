package dev.toolgate.cli.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.toolgate.api.config.GatewayConfigCodec;
import dev.toolgate.api.v1alpha1.McpGateway;
import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpTool;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads McpTools, McpScopes and McpGateways from the YAML files under a directory, as {@code
 * kubectl apply -R -f DIR} would find them: every {@code .yaml}/{@code .yml} file, every document
 * in it; documents of other kinds are passed over.
 */
public final class ManifestReader {

  /** Where a resource without {@code metadata.namespace} lands, as with kubectl. */
  public static final String DEFAULT_NAMESPACE = "default";

  /** How a problem starts when a document could not be bound to its resource class. */
  public static final String CANNOT_BIND = "cannot be read as ";

  /** The dev override file ({@code toolgate dev}); never a Kubernetes manifest. */
  public static final String DEV_OVERRIDES_FILE = "toolgate-dev.yaml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final KubernetesSerialization BINDER = new KubernetesSerialization();
  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of("McpTool", McpTool.class, "McpScope", McpScope.class, "McpGateway", McpGateway.class);

  private ManifestReader() {}

  /**
   * @throws IOException when the directory cannot be listed (a file that cannot be parsed is a
   *     {@link Problem}, not an exception)
   */
  public static Manifests read(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      throw new IOException(directory + " is not a directory");
    }
    List<Manifest> manifests = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    int others = 0;
    Map<String, Path> seen = new HashMap<>();
    for (Path file : yamlFiles(directory)) {
      Path shown = directory.relativize(file);
      List<Object> documents;
      try {
        documents = documents(file);
      } catch (JsonProcessingException e) {
        problems.add(
            new Problem(
                shown,
                null,
                null,
                e.getOriginalMessage() + GatewayConfigCodec.locationOf(e),
                Problem.YAML,
                null));
        continue;
      }
      for (int i = 0; i < documents.size(); i++) {
        Object document = documents.get(i);
        if (document == null) {
          continue; // an empty document, as between two '---'
        }
        if (!(document instanceof Map<?, ?> map)) {
          problems.add(
              new Problem(
                  shown,
                  null,
                  null,
                  "document " + (i + 1) + " is not a mapping",
                  Problem.YAML,
                  null));
          continue;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = (Map<String, Object>) map;
        Object apiVersion = raw.get("apiVersion");
        if (!(apiVersion instanceof String version) || !version.startsWith(McpTool.GROUP + "/")) {
          others++;
          continue;
        }
        Manifest manifest = new Manifest(shown, i, raw, null);
        Class<? extends HasMetadata> type = KINDS.get(manifest.kind());
        if (type == null) {
          problems.add(
              new Problem(
                  shown,
                  null,
                  "kind",
                  "unknown kind "
                      + raw.get("kind")
                      + " in "
                      + version
                      + " (expected "
                      + KINDS.keySet()
                      + ")",
                  Problem.SCHEMA,
                  null));
          continue;
        }
        Path earlier = seen.putIfAbsent(manifest.describe(), shown);
        if (earlier != null) {
          problems.add(
              new Problem(
                  shown,
                  manifest.describe(),
                  "metadata.name",
                  "defined again (first in " + earlier + "); the API server keeps only one",
                  Problem.YAML,
                  null));
          continue;
        }
        manifests.add(new Manifest(shown, i, raw, bind(manifest, type, problems)));
      }
    }
    return new Manifests(directory, manifests, problems, others);
  }

  private static HasMetadata bind(
      Manifest manifest, Class<? extends HasMetadata> type, List<Problem> problems) {
    Map<String, Object> copy = new LinkedHashMap<>(manifest.raw());
    Map<String, Object> metadata = new LinkedHashMap<>();
    if (copy.get("metadata") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> metadata.put(String.valueOf(k), v));
    }
    metadata.putIfAbsent("namespace", DEFAULT_NAMESPACE);
    copy.put("metadata", metadata);
    try {
      return BINDER.convertValue(copy, type);
    } catch (IllegalArgumentException e) {
      // The schema check names the field; this says the operator could not read it at all.
      problems.add(
          new Problem(
              manifest.file(),
              manifest.describe(),
              null,
              CANNOT_BIND + manifest.kind() + ": " + firstLine(e.getMessage()),
              Problem.SCHEMA,
              null));
      return null;
    }
  }

  private static List<Path> yamlFiles(Path directory) throws IOException {
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .filter(p -> !p.getFileName().toString().equals(DEV_OVERRIDES_FILE))
          .filter(p -> !hidden(directory.relativize(p)))
          .sorted()
          .toList();
    }
  }

  /** Dot directories and installed packages hold no manifests of ours. */
  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.startsWith(".") || name.equals("node_modules") || name.equals("target")) {
        return true;
      }
    }
    return false;
  }

  private static List<Object> documents(Path file) throws IOException {
    List<Object> documents = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file);
        MappingIterator<Object> it = YAML.readerFor(Object.class).readValues(reader)) {
      while (it.hasNextValue()) {
        documents.add(it.nextValue());
      }
    } catch (RuntimeException e) {
      if (e.getCause() instanceof JsonProcessingException parse) {
        throw parse;
      }
      throw e;
    }
    return documents;
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
  }
}
