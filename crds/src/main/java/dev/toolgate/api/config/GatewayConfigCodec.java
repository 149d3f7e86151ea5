package dev.toolgate.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads and writes {@link GatewayConfig} as YAML (the ConfigMap and dev-mode files) and JSON.
 * Output is canonical: properties in a fixed order and absent values left out, so the same config
 * always gives the same bytes and the operator writes only when something really changed.
 */
public final class GatewayConfigCodec {

  /** The ConfigMap key and the dev-mode file name. */
  public static final String FILE_NAME = dev.toolgate.api.ToolgateNames.GATEWAY_CONFIG_KEY;

  private static final ObjectMapper YAML =
      configure(
          YAMLMapper.builder(
                  YAMLFactory.builder()
                      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                      .build())
              .build());
  private static final ObjectMapper JSON = configure(JsonMapper.builder().build());

  private GatewayConfigCodec() {}

  private static ObjectMapper configure(ObjectMapper mapper) {
    mapper.setDefaultPropertyInclusion(JsonInclude.Include.NON_EMPTY);
    return mapper
        .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, false)
        .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
        // Append-only evolution: a reader ignores fields added by a newer writer.
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
  }

  public static String toYaml(GatewayConfig config) {
    return write(YAML, config);
  }

  public static String toJson(GatewayConfig config) {
    return write(JSON, config);
  }

  /**
   * Parses YAML (or JSON, which is YAML too).
   *
   * @throws IllegalArgumentException with the parser's location when the text is not a config
   */
  public static GatewayConfig fromYaml(String text) {
    return read(YAML, text);
  }

  public static GatewayConfig fromJson(String text) {
    return read(JSON, text);
  }

  /** A short content hash, for annotations and logs: {@code sha256:<first 16 hex digits>}. */
  public static String hash(String canonicalText) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonicalText.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static String write(ObjectMapper mapper, GatewayConfig config) {
    try {
      return mapper.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a GatewayConfig always serializes", e);
    }
  }

  private static GatewayConfig read(ObjectMapper mapper, String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("gateway config is empty");
    }
    try {
      GatewayConfig config = mapper.readValue(text, GatewayConfig.class);
      if (config == null) {
        throw new IllegalArgumentException("gateway config is empty");
      }
      return config;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "gateway config is not valid: " + e.getOriginalMessage() + locationOf(e), e);
    }
  }

  /** Where in a YAML or JSON text a parse error is, as " (line L, column C)", or empty. */
  public static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }
}
