package dev.toolgate.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.compiler.Violation;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

class PlatformPolicyTest {

  private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
  private static final PlatformPolicy DIGESTS = new PlatformPolicy(true, Map.of());
  private static final PlatformPolicy LABELLED =
      new PlatformPolicy(false, Map.of("toolgate.dev/worker-env", "true"));
  private static final BiPredicate<String, String> NO_SECRET_LABELLED = (ns, name) -> false;

  private static McpTool tool(String namespace, String spec) {
    return Fixtures.tool(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: billing, namespace: %s}
        spec:
        """
                .formatted(namespace)
            + spec.indent(2));
  }

  @Test
  void refusesAnImageByTagWhenDigestsAreRequired() {
    List<Violation> violations =
        DIGESTS.check(tool("tools", "image: registry.example/billing:1.4.2"), NO_SECRET_LABELLED);

    assertThat(violations).singleElement().extracting(Violation::field).isEqualTo("spec.image");
    assertThat(violations.get(0).reason()).isEqualTo(Violation.IMAGE_NOT_PINNED);
    assertThat(violations.get(0).message())
        .contains("registry.example/billing:1.4.2 is not pinned by digest")
        .contains("--require-image-digests");
  }

  @Test
  void acceptsAnImagePinnedByDigestWithOrWithoutATag() {
    assertThat(DIGESTS.check(tool("tools", "image: registry.example/billing@" + DIGEST), null))
        .isEmpty();
    assertThat(
            DIGESTS.check(tool("tools", "image: registry.example/billing:1.4.2@" + DIGEST), null))
        .isEmpty();
  }

  @Test
  void refusesDigestLookAlikes() {
    for (String image :
        List.of(
            "registry.example/billing@sha256:abc",
            "registry.example/billing@sha256:" + "0123456789ABCDEF".repeat(4),
            "registry.example/billing@sha512:" + "0123456789abcdef".repeat(8),
            "registry.example/billing@" + DIGEST + "x")) {
      assertThat(DIGESTS.check(tool("tools", "image: " + image), NO_SECRET_LABELLED))
          .as(image)
          .extracting(Violation::reason)
          .containsExactly(Violation.IMAGE_NOT_PINNED);
    }
  }

  @Test
  void acceptsAnyImageWhenNotRequiredAndRemoteServersAlways() {
    assertThat(PlatformPolicy.none().check(tool("tools", "image: billing:latest"), null)).isEmpty();
    assertThat(DIGESTS.check(tool("tools", "remote: {url: 'https://mcp.example.com/mcp'}"), null))
        .isEmpty();
  }

  @Test
  void refusesAnEnvSecretWithoutTheLabelNamingTheFieldAndTheSecret() {
    McpTool tool =
        tool(
            "tools",
            """
            image: billing:1
            env:
            - {name: PLAIN, value: x}
            - name: DB
              valueFrom: {secretKeyRef: {name: billing-db, key: password}}
            - name: API
              valueFrom: {secretKeyRef: {name: stripe, key: token}}
            """);

    List<Violation> violations =
        LABELLED.check(tool, (ns, name) -> ns.equals("tools") && name.equals("stripe"));

    assertThat(violations)
        .singleElement()
        .extracting(Violation::field)
        .isEqualTo("spec.env[1].valueFrom.secretKeyRef");
    assertThat(violations.get(0).reason()).isEqualTo(Violation.ENV_SECRET_NOT_ALLOWED);
    assertThat(violations.get(0).message())
        .contains("Secret tools/billing-db does not carry the label toolgate.dev/worker-env=true");
    assertThat(PlatformPolicy.envSecretNames(tool)).isEqualTo(Set.of("billing-db", "stripe"));
  }

  @Test
  void asksNothingAboutSecretsWhenTheLabelIsNotSet() {
    McpTool tool =
        tool(
            "tools",
            """
            image: billing:1
            env:
            - name: DB
              valueFrom: {secretKeyRef: {name: billing-db, key: password}}
            """);

    assertThat(
            PlatformPolicy.none()
                .check(
                    tool,
                    (ns, name) -> {
                      throw new AssertionError("asked about " + name);
                    }))
        .isEmpty();
    assertThat(LABELLED.check(tool, (ns, name) -> true)).isEmpty();
  }

  @Test
  void neverServesKubeSystemEvenWithoutAnyRule() {
    List<Violation> violations =
        PlatformPolicy.none().check(tool("kube-system", "image: billing:1"), null);

    assertThat(violations)
        .singleElement()
        .extracting(Violation::field)
        .isEqualTo("metadata.namespace");
    assertThat(violations.get(0).reason()).isEqualTo(Violation.NAMESPACE_NOT_SERVED);
    assertThat(violations.get(0).message()).contains("kube-system is never served");
  }

  @Test
  void theSelectorListsEveryLabelInAFixedOrder() {
    assertThat(new PlatformPolicy(false, Map.of("team", "tools", "env", "ok")).envSecretSelector())
        .isEqualTo("env=ok,team=tools");
    assertThat(LABELLED.limitsEnvSecrets()).isTrue();
    assertThat(PlatformPolicy.none().limitsEnvSecrets()).isFalse();
  }
}
