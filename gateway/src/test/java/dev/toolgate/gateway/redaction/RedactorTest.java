package dev.toolgate.gateway.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RedactorTest {

  private final Redactor builtIn = Redactor.builtIn();

  @Test
  void removesAwsAccessKeyIds() {
    assertThat(builtIn.redact("key AKIAIOSFODNN7EXAMPLE here"))
        .isEqualTo("key [REDACTED:aws-access-key-id] here");
  }

  @Test
  void removesAwsSecretKeysAfterTheirName() {
    assertThat(
            builtIn.redact(
                "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nregion=eu"))
        .isEqualTo("aws_secret_access_key = [REDACTED:aws-secret-access-key]\nregion=eu");
  }

  @Test
  void removesGitHubTokens() {
    assertThat(builtIn.redact("token: ghp_" + "a".repeat(36)))
        .isEqualTo("token: [REDACTED:github-token]");
    assertThat(builtIn.redact("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz"))
        .isEqualTo("[REDACTED:github-token]");
  }

  @Test
  void removesSlackTokensAndWebhooks() {
    assertThat(builtIn.redact("xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"))
        .isEqualTo("[REDACTED:slack-token]");
    assertThat(
            builtIn.redact(
                "post to https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"))
        .isEqualTo("post to [REDACTED:slack-webhook]");
  }

  @Test
  void removesJwts() {
    String jwt =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
            + "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    assertThat(builtIn.redact("Authorization: Bearer " + jwt))
        .isEqualTo("Authorization: Bearer [REDACTED:jwt]");
  }

  @Test
  void removesPemPrivateKeysWholeEvenWhenCutOff() {
    String pem =
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----";
    assertThat(builtIn.redact("key:\n" + pem + "\nrest"))
        .isEqualTo("key:\n[REDACTED:private-key]\nrest");
    assertThat(builtIn.redact("-----BEGIN PRIVATE KEY-----\nMIIEv"))
        .isEqualTo("[REDACTED:private-key]");
  }

  @Test
  void removesOnlyThePasswordOfAUrl() {
    assertThat(builtIn.redact("db: postgres://app:s3cr3t-pw@db.internal:5432/app"))
        .isEqualTo("db: postgres://app:[REDACTED:url-password]@db.internal:5432/app");
    assertThat(builtIn.redact("see https://example.com/a:b@c"))
        .isEqualTo("see https://example.com/a:b@c");
  }

  @Test
  void leavesOrdinaryTextAloneAndReturnsTheSameInstance() {
    String text = "An invoice of 42 EUR, see https://example.com/invoices/7 (AKIA is a prefix).";
    assertThat(builtIn.redact(text)).isSameAs(text);
  }

  @Test
  void appliesAToolsOwnPatternsButNeverFillsTextWithEmptyMatches() {
    Redactor redactor =
        new Redactor(
            false, List.of(Pattern.compile("sk_live_[0-9a-zA-Z]+"), Pattern.compile("x*")), null);
    assertThat(redactor.redact("charge sk_live_abc123 ok")).isEqualTo("charge [REDACTED] ok");
  }

  @Test
  void aRawJsonTextWithoutAnyMarkerNeedsNoParsing() {
    assertThat(builtIn.mayRedact("{\"result\":{\"text\":\"hello\"}}".getBytes())).isFalse();
    assertThat(builtIn.mayRedact("{\"result\":{\"text\":\"ghp_x\"}}".getBytes())).isTrue();
    assertThat(Redactor.none().isActive()).isFalse();
  }
}
