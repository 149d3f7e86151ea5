package dev.toolgate.api.compiler;

import dev.toolgate.api.config.RedactionConfig.SecretRef;
import dev.toolgate.api.config.SecretFingerprint;
import dev.toolgate.api.config.SecretFingerprints;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where the compiler gets the values of the Secrets an McpTool redacts ({@code
 * spec.redact.secretRefs}), to fingerprint them. Values are read while compiling and only their
 * {@link SecretFingerprint}s reach the config, so the gateway can redact a value exactly without
 * ever holding it.
 */
public final class RedactionSecrets {

  /** Reads one Secret's data (key -> raw bytes), empty when it is not there to be read. */
  @FunctionalInterface
  public interface SecretData {
    Optional<Map<String, byte[]>> read(String namespace, String name);
  }

  private final SecretFingerprints keys;
  private final SecretData data;
  private final String unavailable;
  private final String notFoundHint;

  private RedactionSecrets(
      SecretFingerprints keys, SecretData data, String unavailable, String notFoundHint) {
    this.keys = keys;
    this.data = data;
    this.unavailable = unavailable;
    this.notFoundHint = notFoundHint;
  }

  /**
   * Secrets are not read (an offline render): references are kept by name, nothing is fingerprinted
   * or reported, and the gateway refuses calls to such tools until a compile that reads them.
   */
  public static RedactionSecrets notRead() {
    return new RedactionSecrets(null, null, null, null);
  }

  /**
   * Secrets cannot be fingerprinted (no redaction key): every McpTool that redacts a Secret is
   * reported with this reason and not routed.
   */
  public static RedactionSecrets unavailable(String why) {
    return new RedactionSecrets(null, null, why, null);
  }

  /**
   * @param keys the fingerprinting of the redaction key the gateway shares
   * @param data the Secrets the compiler may read
   * @param notFoundHint what a reader must do when a Secret is not found, such as the label it must
   *     carry
   */
  public static RedactionSecrets readFrom(
      SecretFingerprints keys, SecretData data, String notFoundHint) {
    return new RedactionSecrets(keys, data, null, notFoundHint);
  }

  boolean isRead() {
    return keys != null || unavailable != null;
  }

  /**
   * The fingerprints of every value the references name, or empty with the reason reported for the
   * field of each reference that cannot be fingerprinted.
   */
  Optional<List<SecretFingerprint>> fingerprint(
      List<SecretRef> refs, String field, Violations violations) {
    if (refs.isEmpty() || !isRead()) {
      return Optional.of(List.of());
    }
    if (unavailable != null) {
      violations.add(
          field,
          "the values of these Secrets cannot be fingerprinted: "
              + unavailable
              + "; the McpTool is not routed until they can be redacted",
          Violation.REDACTION_SECRET_UNAVAILABLE);
      return Optional.empty();
    }
    // By digest: the same value under two keys is one fingerprint, in a stable order.
    Map<String, SecretFingerprint> found = new TreeMap<>();
    boolean complete = true;
    for (int i = 0; i < refs.size(); i++) {
      Optional<String> problem = fingerprint(refs.get(i), found);
      if (problem.isPresent()) {
        violations.add(
            field + "[" + i + "]",
            problem.get() + "; the McpTool is not routed until it can be redacted",
            Violation.REDACTION_SECRET_UNAVAILABLE);
        complete = false;
      }
    }
    return complete ? Optional.of(new ArrayList<>(found.values())) : Optional.empty();
  }

  /** Adds the fingerprints of one reference, or tells why it has none. */
  private Optional<String> fingerprint(SecretRef ref, Map<String, SecretFingerprint> found) {
    String secret = "Secret " + ref.namespace() + "/" + ref.name();
    Optional<Map<String, byte[]>> values = data.read(ref.namespace(), ref.name());
    if (values.isEmpty()) {
      return Optional.of(secret + " was not found" + (notFoundHint == null ? "" : notFoundHint));
    }
    Map<String, byte[]> named =
        ref.key() == null ? new TreeMap<>(values.get()) : keyOnly(values.get(), ref.key());
    if (named.isEmpty()) {
      return Optional.of(
          ref.key() == null ? secret + " holds no values" : secret + " has no key " + ref.key());
    }
    for (Map.Entry<String, byte[]> entry : named.entrySet()) {
      Optional<String> value = text(entry.getValue());
      if (value.isEmpty()) {
        return Optional.of(
            secret + " key " + entry.getKey() + " is not UTF-8 text, which results never carry");
      }
      if (value.get().length() < SecretFingerprints.MIN_LENGTH) {
        return Optional.of(
            secret
                + " key "
                + entry.getKey()
                + " is shorter than "
                + SecretFingerprints.MIN_LENGTH
                + " characters: too short to redact exactly without redacting ordinary text"
                + " (name the keys to redact, or use spec.redact.patterns)");
      }
      SecretFingerprint fingerprint = keys.of(value.get());
      found.put(fingerprint.digest(), fingerprint);
    }
    return Optional.empty();
  }

  private static Map<String, byte[]> keyOnly(Map<String, byte[]> values, String key) {
    byte[] value = values.get(key);
    return value == null ? Map.of() : Map.of(key, value);
  }

  private static Optional<String> text(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
