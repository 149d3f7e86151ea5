package dev.toolgate.gateway.redaction;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text: exact Secret values (by fingerprint, {@code [REDACTED:secret]}), the
 * built-in formats ({@code [REDACTED:<kind>]}) and a tool's own patterns ({@code [REDACTED]}). For
 * tool answers, log lines and audit records alike.
 */
public final class Redactor {

  private static final Redactor BUILT_IN = new Redactor(true, List.of(), null);
  private static final Redactor NONE = new Redactor(false, List.of(), null);

  private final boolean builtIn;
  private final List<Pattern> patterns;
  private final FingerprintMatcher fingerprints;

  /**
   * @param builtIn apply the built-in detectors
   * @param patterns the tool's own patterns
   * @param fingerprints exact values to find, or {@code null}
   */
  public Redactor(boolean builtIn, List<Pattern> patterns, FingerprintMatcher fingerprints) {
    this.builtIn = builtIn;
    this.patterns = List.copyOf(patterns);
    this.fingerprints = fingerprints == null || fingerprints.isEmpty() ? null : fingerprints;
  }

  /** The built-in detectors alone: for log lines and anything else without a tool. */
  public static Redactor builtIn() {
    return BUILT_IN;
  }

  /** A redactor that changes nothing. */
  public static Redactor none() {
    return NONE;
  }

  /** Whether this redactor changes anything at all. */
  public boolean isActive() {
    return builtIn || !patterns.isEmpty() || fingerprints != null;
  }

  /**
   * Whether a JSON text might contain something to redact: always when there are patterns or
   * fingerprints (JSON escapes could hide them), else when a built-in detector's marker occurs in
   * the raw bytes. Cheap: no parsing, a scan for a few short markers.
   */
  public boolean mayRedact(byte[] json) {
    if (!patterns.isEmpty() || fingerprints != null) {
      return true;
    }
    if (!builtIn) {
      return false;
    }
    String raw = new String(json, StandardCharsets.ISO_8859_1);
    for (SecretDetector detector : SecretDetector.BUILT_IN) {
      if (detector.mayMatch(raw)) {
        return true;
      }
    }
    return false;
  }

  /** The text with every secret replaced; the same instance when there was none. */
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    if (fingerprints != null) {
      out = fingerprints.redact(out, "[REDACTED:secret]");
    }
    if (builtIn) {
      for (SecretDetector detector : SecretDetector.BUILT_IN) {
        out = detector.redact(out);
      }
    }
    for (Pattern pattern : patterns) {
      out = replaceNonEmpty(pattern.matcher(out), out);
    }
    return out;
  }

  /** Replaces every non-empty match (a pattern that can match nothing must not fill the text). */
  private static String replaceNonEmpty(Matcher matcher, String text) {
    StringBuilder result = null;
    int last = 0;
    while (matcher.find()) {
      if (matcher.end() == matcher.start()) {
        continue;
      }
      if (result == null) {
        result = new StringBuilder(text.length());
      }
      result.append(text, last, matcher.start()).append("[REDACTED]");
      last = matcher.end();
    }
    return result == null ? text : result.append(text, last, text.length()).toString();
  }
}
