package dev.toolgate.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the gateway removes from results before they reach the caller.
 *
 * @param patterns Java regular expressions; every match is replaced
 * @param secretRefs Secrets whose exact values are replaced wherever they appear; the config names
 *     them, never holds their values
 * @param fingerprints what the gateway recognises those values by ({@link SecretFingerprints}),
 *     computed from the Secrets with a key the config does not hold
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RedactionConfig(
    List<String> patterns, List<SecretRef> secretRefs, List<SecretFingerprint> fingerprints) {

  public RedactionConfig {
    patterns = patterns == null ? List.of() : List.copyOf(patterns);
    secretRefs = secretRefs == null ? List.of() : List.copyOf(secretRefs);
    fingerprints = fingerprints == null ? List.of() : List.copyOf(fingerprints);
  }

  /** Redaction without fingerprints, as configs were written before them. */
  public RedactionConfig(List<String> patterns, List<SecretRef> secretRefs) {
    this(patterns, secretRefs, null);
  }

  /** One key of one Secret; {@code key == null} means every key of the Secret. */
  public record SecretRef(String namespace, String name, String key) {}
}
