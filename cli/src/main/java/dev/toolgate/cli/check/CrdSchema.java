package dev.toolgate.cli.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.toolgate.api.CrdInstaller;
import dev.toolgate.cli.resources.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The OpenAPI schema of Toolgate's CRDs (the generated YAML the operator installs), checked offline
 * the way the API server checks structure: types, required fields, unknown fields (which {@code
 * kubectl apply} refuses under its default strict field validation), enums, patterns, lengths, item
 * counts and bounds. CEL rules ({@code x-kubernetes-validations}) are not evaluated here; they are
 * collected so a report can say which ones the API server will still apply.
 */
public final class CrdSchema {

  /** A CEL rule of the schema at a field of one document, not evaluated offline. */
  public record CelRule(String field, String rule, String message) {}

  /** What checking one document found. */
  public record Result(List<SchemaError> errors, List<CelRule> unevaluated) {}

  /** A structural error at a field path. */
  public record SchemaError(String field, String message) {}

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private final Map<String, Map<String, Object>> schemaByKind;

  private CrdSchema(Map<String, Map<String, Object>> schemaByKind) {
    this.schemaByKind = schemaByKind;
  }

  /** The schemas of the CRDs in the crds jar, the same files the operator and chart install. */
  public static CrdSchema load() {
    Map<String, Map<String, Object>> schemas = new LinkedHashMap<>();
    for (String resource : CrdInstaller.TOOLGATE_CRDS) {
      try (InputStream in = CrdSchema.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(resource + " is not on the classpath");
        }
        Map<String, Object> crd = map(YAML.readValue(in, Map.class));
        Map<String, Object> spec = map(crd.get("spec"));
        String kind = String.valueOf(map(spec.get("names")).get("kind"));
        Map<String, Object> version = map(((List<?>) spec.get("versions")).get(0));
        schemas.put(kind, map(map(version.get("schema")).get("openAPIV3Schema")));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new CrdSchema(schemas);
  }

  public Result check(Manifest manifest) {
    Map<String, Object> schema = schemaByKind.get(manifest.kind());
    if (schema == null) {
      throw new IllegalArgumentException("no CRD for kind " + manifest.kind());
    }
    List<SchemaError> errors = new ArrayList<>();
    List<CelRule> rules = new ArrayList<>();
    checkMetadata(manifest.raw().get("metadata"), errors);
    Map<String, Object> properties = map(schema.get("properties"));
    for (Map.Entry<String, Object> entry : manifest.raw().entrySet()) {
      String key = entry.getKey();
      if (key.equals("apiVersion") || key.equals("kind") || key.equals("metadata")) {
        continue;
      }
      Object property = properties.get(key);
      if (property == null) {
        errors.add(new SchemaError(key, "unknown field"));
      } else {
        walk(map(property), entry.getValue(), key, errors, rules);
      }
    }
    return new Result(errors, rules);
  }

  private static void checkMetadata(Object metadata, List<SchemaError> errors) {
    if (!(metadata instanceof Map<?, ?> m) || !(m.get("name") instanceof String name)) {
      errors.add(new SchemaError("metadata.name", "required"));
      return;
    }
    if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
      errors.add(
          new SchemaError(
              "metadata.name",
              "must be a DNS subdomain (lower case letters, digits, '-' and '.'), got " + name));
    }
  }

  private static void walk(
      Map<String, Object> schema,
      Object value,
      String path,
      List<SchemaError> errors,
      List<CelRule> rules) {
    if (value == null) {
      return; // null fields are dropped by the API server, as if absent
    }
    if (schema.get("x-kubernetes-validations") instanceof List<?> validations) {
      for (Object v : validations) {
        Map<String, Object> rule = map(v);
        rules.add(
            new CelRule(
                path, String.valueOf(rule.get("rule")), String.valueOf(rule.get("message"))));
      }
    }
    if (Boolean.TRUE.equals(schema.get("x-kubernetes-int-or-string"))) {
      if (!(value instanceof String || isInteger(value))) {
        errors.add(
            new SchemaError(path, "expected an integer or a string, got " + describe(value)));
      }
      return;
    }
    String type = (String) schema.get("type");
    if (type == null) {
      return;
    }
    switch (type) {
      case "object" -> object(schema, value, path, errors, rules);
      case "array" -> array(schema, value, path, errors, rules);
      case "string" -> string(schema, value, path, errors);
      case "integer" -> {
        if (!isInteger(value)) {
          errors.add(new SchemaError(path, "expected an integer, got " + describe(value)));
        } else {
          bounds(schema, ((Number) value).doubleValue(), path, errors);
        }
      }
      case "number" -> {
        if (!(value instanceof Number n)) {
          errors.add(new SchemaError(path, "expected a number, got " + describe(value)));
        } else {
          bounds(schema, n.doubleValue(), path, errors);
        }
      }
      case "boolean" -> {
        if (!(value instanceof Boolean)) {
          errors.add(new SchemaError(path, "expected true or false, got " + describe(value)));
        }
      }
      default -> {}
    }
  }

  private static void object(
      Map<String, Object> schema,
      Object value,
      String path,
      List<SchemaError> errors,
      List<CelRule> rules) {
    if (!(value instanceof Map<?, ?> fields)) {
      errors.add(new SchemaError(path, "expected an object, got " + describe(value)));
      return;
    }
    Map<String, Object> properties = map(schema.get("properties"));
    Object additional = schema.get("additionalProperties");
    boolean preserve = Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"));
    for (Map.Entry<?, ?> field : fields.entrySet()) {
      String key = String.valueOf(field.getKey());
      String at = path + "." + key;
      if (properties.containsKey(key)) {
        walk(map(properties.get(key)), field.getValue(), at, errors, rules);
      } else if (additional instanceof Map<?, ?>) {
        walk(map(additional), field.getValue(), at, errors, rules);
      } else if (!preserve) {
        errors.add(new SchemaError(at, "unknown field"));
      }
    }
    if (schema.get("required") instanceof List<?> required) {
      for (Object name : required) {
        if (fields.get(name) == null) {
          errors.add(new SchemaError(path + "." + name, "required"));
        }
      }
    }
  }

  private static void array(
      Map<String, Object> schema,
      Object value,
      String path,
      List<SchemaError> errors,
      List<CelRule> rules) {
    if (!(value instanceof List<?> items)) {
      errors.add(new SchemaError(path, "expected a list, got " + describe(value)));
      return;
    }
    if (schema.get("maxItems") instanceof Number max && items.size() > max.intValue()) {
      errors.add(new SchemaError(path, "at most " + max + " items, got " + items.size()));
    }
    if (schema.get("minItems") instanceof Number min && items.size() < min.intValue()) {
      errors.add(new SchemaError(path, "at least " + min + " items, got " + items.size()));
    }
    if (schema.get("items") instanceof Map<?, ?> itemSchema) {
      for (int i = 0; i < items.size(); i++) {
        walk(map(itemSchema), items.get(i), path + "[" + i + "]", errors, rules);
      }
    }
  }

  private static void string(
      Map<String, Object> schema, Object value, String path, List<SchemaError> errors) {
    if (!(value instanceof String text)) {
      errors.add(new SchemaError(path, "expected a string, got " + describe(value)));
      return;
    }
    if (schema.get("maxLength") instanceof Number max && text.length() > max.intValue()) {
      errors.add(new SchemaError(path, "at most " + max + " characters, got " + text.length()));
    }
    if (schema.get("minLength") instanceof Number min && text.length() < min.intValue()) {
      errors.add(new SchemaError(path, "at least " + min + " characters, got " + text.length()));
    }
    if (schema.get("enum") instanceof List<?> allowed && !allowed.contains(text)) {
      errors.add(new SchemaError(path, "must be one of " + allowed + ", got " + text));
    }
    if (schema.get("pattern") instanceof String pattern) {
      try {
        // The API server searches (Go's MatchString); patterns anchor themselves where needed.
        if (!Pattern.compile(pattern).matcher(text).find()) {
          errors.add(new SchemaError(path, "does not match the pattern " + pattern + ": " + text));
        }
      } catch (PatternSyntaxException e) {
        // A pattern Java cannot read is left to the API server.
      }
    }
  }

  private static void bounds(
      Map<String, Object> schema, double value, String path, List<SchemaError> errors) {
    if (schema.get("minimum") instanceof Number min && value < min.doubleValue()) {
      errors.add(
          new SchemaError(
              path, "must be at least " + plain(min.doubleValue()) + ", got " + plain(value)));
    }
    if (schema.get("maximum") instanceof Number max && value > max.doubleValue()) {
      errors.add(
          new SchemaError(
              path, "must be at most " + plain(max.doubleValue()) + ", got " + plain(value)));
    }
  }

  private static String plain(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  private static boolean isInteger(Object value) {
    return value instanceof Integer
        || value instanceof Long
        || value instanceof java.math.BigInteger;
  }

  private static String describe(Object value) {
    if (value instanceof Map<?, ?>) {
      return "an object";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    if (value instanceof String s) {
      return "the string \"" + s + "\"";
    }
    return String.valueOf(value);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
