package dev.toolgate.gateway.redaction;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A built-in detector of one common secret format. Each names the markers its matches always
 * contain, so a text without any marker is let through without running a regular expression. A
 * pattern with a group named {@code secret} replaces only that group (the password of a URL, the
 * value after a key name).
 *
 * @param kind what the replacement says was there: {@code [REDACTED:<kind>]}
 * @param markers literal text every match contains
 */
public record SecretDetector(String kind, Pattern pattern, List<String> markers) {

  /** The built-in detectors. */
  public static final List<SecretDetector> BUILT_IN =
      List.of(
          new SecretDetector(
              "aws-access-key-id",
              Pattern.compile("\\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\\b"),
              List.of("AKIA", "ASIA", "ABIA", "ACCA")),
          new SecretDetector(
              "aws-secret-access-key",
              Pattern.compile(
                  "(?i)(?:aws_secret_access_key|secret_?access_?key)[\"']?\\s*[:=]\\s*[\"']?"
                      + "(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])"),
              List.of("ecret_access_key", "ecretAccessKey", "ECRET_ACCESS_KEY", "ecretaccesskey")),
          new SecretDetector(
              "github-token",
              Pattern.compile(
                  "\\b(?:(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})"),
              List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_")),
          new SecretDetector(
              "slack-token",
              Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,250}"),
              List.of("xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-")),
          new SecretDetector(
              "slack-webhook",
              Pattern.compile(
                  "https://hooks\\.slack\\.com/(?:services|workflows)/[A-Za-z0-9_/]{20,200}"),
              List.of("hooks.slack.com/")),
          new SecretDetector(
              "jwt",
              Pattern.compile(
                  "\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}"),
              List.of("eyJ")),
          new SecretDetector(
              "private-key",
              Pattern.compile(
                  "-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"
                      + "[\\s\\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)"),
              List.of("PRIVATE KEY")),
          new SecretDetector(
              "url-password",
              Pattern.compile(
                  "\\b[A-Za-z][A-Za-z0-9+.-]{1,20}://[^\\s/:@\"'<>]{1,256}:(?<secret>[^\\s/@\"'<>]{1,256})@"),
              List.of("://")));

  /** Whether any marker occurs in {@code text}. */
  boolean mayMatch(String text) {
    for (String marker : markers) {
      if (text.contains(marker)) {
        return true;
      }
    }
    return false;
  }

  /** The text with every match replaced; the same instance when nothing matched. */
  String redact(String text) {
    if (!mayMatch(text)) {
      return text;
    }
    Matcher matcher = pattern.matcher(text);
    if (!matcher.find()) {
      return text;
    }
    String replacement = "[REDACTED:" + kind + "]";
    boolean group = pattern.pattern().contains("(?<secret>");
    StringBuilder out = new StringBuilder(text.length());
    int last = 0;
    do {
      int start = group ? matcher.start("secret") : matcher.start();
      int end = group ? matcher.end("secret") : matcher.end();
      out.append(text, last, start).append(replacement);
      last = end;
    } while (matcher.find());
    return out.append(text, last, text.length()).toString();
  }
}
