package dev.toolgate.gateway.redaction;

import dev.toolgate.api.config.RedactionConfig;
import dev.toolgate.api.config.SecretFingerprints;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How one upstream's answers are redacted, compiled from its config once per config.
 *
 * @param redactor what runs over each answer
 * @param unavailable why the configured redaction cannot be applied (fingerprints made with a key
 *     this gateway does not have), {@code null} when it can; the upstream's calls are then refused,
 *     never answered unredacted
 * @param secretsWithoutFingerprints the config names Secrets but carries no fingerprints of them:
 *     their exact values are not redacted (the patterns and built-in detectors still are)
 */
public record RedactionPlan(
    Redactor redactor, String unavailable, boolean secretsWithoutFingerprints) {

  /**
   * @param config the upstream's redaction, {@code null} for none
   * @param builtIn apply the built-in detectors
   * @param keys the gateway's redaction key, {@code null} when it has none
   */
  public static RedactionPlan of(RedactionConfig config, boolean builtIn, SecretFingerprints keys) {
    if (config == null) {
      return new RedactionPlan(builtIn ? Redactor.builtIn() : Redactor.none(), null, false);
    }
    List<Pattern> patterns = config.patterns().stream().map(Pattern::compile).toList();
    FingerprintMatcher matcher = null;
    String unavailable = null;
    if (!config.fingerprints().isEmpty()) {
      if (keys == null) {
        unavailable =
            "its Secret values are fingerprinted but this gateway has no redaction key"
                + " (--redaction-key-file)";
      } else {
        try {
          matcher = FingerprintMatcher.of(keys, config.fingerprints());
        } catch (IllegalArgumentException e) {
          unavailable = e.getMessage();
        }
      }
    }
    return new RedactionPlan(
        new Redactor(builtIn, patterns, matcher),
        unavailable,
        !config.secretRefs().isEmpty() && config.fingerprints().isEmpty());
  }
}
