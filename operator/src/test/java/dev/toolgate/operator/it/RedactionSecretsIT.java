package dev.toolgate.operator.it;

import static dev.toolgate.operator.it.Cluster.condition;
import static dev.toolgate.operator.it.Cluster.toolCondition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.config.SecretFingerprints;
import dev.toolgate.api.v1alpha1.McpTool;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exact-value redaction: the operator, as its ServiceAccount, reads only Secrets labelled for
 * redaction, fingerprints the values McpTools name with the key it shares with the gateway, and
 * never writes a value into the gateway config.
 */
class RedactionSecretsIT extends OperatorOnApiServer {

  private static final SecretFingerprints KEYS =
      SecretFingerprints.withKey(RunningOperator.REDACTION_KEY);
  private static final String TOKEN = "sk_live_51HcQ2eKx9TnW8yVb3Lm0PqRs";

  private static void secret(String namespace, String token, boolean labelled) {
    SecretBuilder secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName("stripe")
            .withNamespace(namespace)
            .endMetadata()
            .withStringData(Map.of("token", token, "pin", "1234"));
    if (labelled) {
      secret.editMetadata().withLabels(Map.of("toolgate.dev/redact", "true")).endMetadata();
    }
    Secret built = secret.build();
    admin.secrets().inNamespace(namespace).resource(built).createOr(s -> s.update());
  }

  private static void billing(String namespace) {
    cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: billing, namespace: %s}
        spec:
          toolPrefix: %s
          remote: {url: "https://billing.example.com/mcp"}
          tools: [{name: get_invoice}]
          redact:
            secretRefs: [{name: stripe, key: token}]
        """
            .formatted(namespace, namespace),
        McpTool.class);
  }

  @Test
  void anUnlabelledSecretIsNotReadAndItsMcpToolIsNotRouted() {
    ApiServer.namespace(admin, "unlabelled", Map.of());
    secret("unlabelled", TOKEN, false);
    billing("unlabelled");

    McpTool refused =
        cluster.awaitTool(
            "unlabelled",
            "billing",
            toolCondition("PolicyValid", "False", "RedactionSecretUnavailable"));
    assertThat(
            condition(refused.getStatus().getConditions(), "PolicyValid")
                .orElseThrow()
                .getMessage())
        .contains(
            "spec.redact.secretRefs[0]",
            "Secret unlabelled/stripe was not found",
            ToolgateNames.REDACT_SECRET_SELECTOR);
    assertThat(condition(refused.getStatus().getConditions(), "Routed").orElseThrow().getStatus())
        .isEqualTo("False");
    assertThat(cluster.gatewayConfig().orElseThrow().upstream("unlabelled/billing")).isEmpty();
  }

  @Test
  void aLabelledSecretIsFingerprintedFollowedWhenItChangesAndNeverCopied() {
    ApiServer.namespace(admin, "labelled", Map.of());
    secret("labelled", TOKEN, true);
    billing("labelled");

    cluster.awaitGatewayConfig(
        c ->
            c.upstream("labelled/billing")
                .map(u -> u.redaction().fingerprints().contains(KEYS.of(TOKEN)))
                .orElse(false));
    cluster.awaitTool("labelled", "billing", toolCondition("Routed", "True", "Routed"));

    String rotated = TOKEN.replace('5', '7');
    secret("labelled", rotated, true);
    cluster.awaitGatewayConfig(
        c ->
            c.upstream("labelled/billing")
                .map(u -> u.redaction().fingerprints().equals(java.util.List.of(KEYS.of(rotated))))
                .orElse(false));
    String yaml =
        cluster.gatewayConfigMap().orElseThrow().getData().get(ToolgateNames.GATEWAY_CONFIG_KEY);
    assertThat(yaml).doesNotContain(TOKEN).doesNotContain(rotated).doesNotContain("1234");
  }
}
