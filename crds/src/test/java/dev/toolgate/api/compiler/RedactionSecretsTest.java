package dev.toolgate.api.compiler;

import static dev.toolgate.api.compiler.Resources.policy;
import static dev.toolgate.api.compiler.Resources.worker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.config.GatewayConfigCodec;
import dev.toolgate.api.config.GatewayConfigValidator;
import dev.toolgate.api.config.RedactionConfig;
import dev.toolgate.api.config.SecretFingerprints;
import dev.toolgate.api.config.UpstreamAddressPolicy;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.api.v1alpha1.Redaction;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedactionSecretsTest {

  private static final SecretFingerprints KEYS =
      SecretFingerprints.withKey("0123456789abcdef0123456789abcdef".getBytes());
  private static final String STRIPE_TOKEN = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";

  private final Map<String, Map<String, byte[]>> secrets = new LinkedHashMap<>();

  private void secret(String namespace, String name, Map<String, String> data) {
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    data.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
    secrets.put(namespace + "/" + name, bytes);
  }

  private RedactionSecrets reading() {
    return RedactionSecrets.readFrom(
        KEYS,
        (namespace, name) -> Optional.ofNullable(secrets.get(namespace + "/" + name)),
        " (it must carry the label toolgate.dev/redact=true)");
  }

  private static McpTool redacting(SecretKeySelector... refs) {
    McpTool tool = worker("tools", "billing", policy("get_invoice"));
    Redaction redact = new Redaction();
    redact.setSecretRefs(List.of(refs));
    tool.getSpec().setRedact(redact);
    return tool;
  }

  private static SecretKeySelector ref(String name, String key) {
    return new SecretKeySelector(key, name, null);
  }

  private static CompileResult compile(McpTool tool, RedactionSecrets secrets) {
    CompileResult result =
        GatewayConfigCompiler.compile(
            List.of(tool), List.of(), CompilerSettings.defaults(), secrets);
    assertThat(
            GatewayConfigValidator.validate(
                result.config(), UpstreamAddressPolicy.strict("cluster.local")))
        .isEmpty();
    return result;
  }

  @Test
  void fingerprintsTheNamedValueAndNeverPutsItInTheConfig() {
    secret("tools", "stripe", Map.of("token", STRIPE_TOKEN, "account", "acct_1032D82eZvKYlo2C"));

    CompileResult result = compile(redacting(ref("stripe", "token")), reading());

    assertThat(result.violations()).isEmpty();
    RedactionConfig redaction = result.config().upstream("tools/billing").orElseThrow().redaction();
    assertThat(redaction.fingerprints()).containsExactly(KEYS.of(STRIPE_TOKEN));
    assertThat(redaction.secretRefs())
        .containsExactly(new RedactionConfig.SecretRef("tools", "stripe", "token"));
    assertThat(GatewayConfigCodec.toYaml(result.config()))
        .doesNotContain(STRIPE_TOKEN)
        .doesNotContain("acct_1032D82eZvKYlo2C");
  }

  @Test
  void aReferenceWithoutKeyFingerprintsEveryValueOfTheSecretOnce() {
    secret(
        "tools",
        "stripe",
        Map.of("token", STRIPE_TOKEN, "again", STRIPE_TOKEN, "account", "acct_1032D82eZvKYlo2C"));

    CompileResult result = compile(redacting(ref("stripe", null)), reading());

    assertThat(result.config().upstream("tools/billing").orElseThrow().redaction().fingerprints())
        .containsExactlyInAnyOrder(KEYS.of(STRIPE_TOKEN), KEYS.of("acct_1032D82eZvKYlo2C"));
  }

  @Test
  void aMissingSecretKeepsTheMcpToolUnroutedAndSaysWhatToDo() {
    CompileResult result = compile(redacting(ref("stripe", "token")), reading());

    assertThat(result.config().upstream("tools/billing")).isEmpty();
    assertThat(result.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("spec.redact.secretRefs[0]");
              assertThat(v.reason()).isEqualTo(Violation.REDACTION_SECRET_UNAVAILABLE);
              assertThat(v.message())
                  .contains("Secret tools/stripe was not found")
                  .contains("toolgate.dev/redact=true")
                  .contains("not routed");
            });
  }

  @Test
  void aMissingKeyAShortValueAndBinaryDataAreEachReportedOnTheirReference() {
    secret("tools", "stripe", Map.of("token", STRIPE_TOKEN, "pin", "1234"));
    secrets.put("tools/cert", Map.of("der", new byte[] {(byte) 0xc3, (byte) 0x28, 0, 1, 2, 3}));

    CompileResult result =
        compile(
            redacting(ref("stripe", "nope"), ref("stripe", "pin"), ref("cert", "der")), reading());

    assertThat(result.config().upstream("tools/billing")).isEmpty();
    assertThat(result.violations())
        .extracting(Violation::field, v -> v.message().substring(0, v.message().indexOf(';')))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "spec.redact.secretRefs[0]", "Secret tools/stripe has no key nope"),
            org.assertj.core.groups.Tuple.tuple(
                "spec.redact.secretRefs[1]",
                "Secret tools/stripe key pin is shorter than 8 characters: too short to redact"
                    + " exactly without redacting ordinary text (name the keys to redact, or use"
                    + " spec.redact.patterns)"),
            org.assertj.core.groups.Tuple.tuple(
                "spec.redact.secretRefs[2]",
                "Secret tools/cert key der is not UTF-8 text, which results never carry"));
  }

  @Test
  void withoutARedactionKeyTheMcpToolIsNotRoutedAndTheReasonIsGiven() {
    CompileResult result =
        compile(
            redacting(ref("stripe", "token")),
            RedactionSecrets.unavailable("the operator has no redaction key"));

    assertThat(result.config().upstream("tools/billing")).isEmpty();
    assertThat(result.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("spec.redact.secretRefs");
              assertThat(v.message()).contains("the operator has no redaction key");
            });
  }

  @Test
  void anOfflineCompileKeepsTheReferencesAndReportsNothing() {
    CompileResult result = compile(redacting(ref("stripe", "token")), RedactionSecrets.notRead());

    assertThat(result.violations()).isEmpty();
    RedactionConfig redaction = result.config().upstream("tools/billing").orElseThrow().redaction();
    assertThat(redaction.secretRefs()).hasSize(1);
    assertThat(redaction.fingerprints()).isEmpty();
  }

  @Test
  void aChangedValueChangesTheConfigSoTheGatewayReloads() {
    secret("tools", "stripe", Map.of("token", STRIPE_TOKEN));
    String before =
        GatewayConfigCodec.toYaml(compile(redacting(ref("stripe", "token")), reading()).config());
    secret("tools", "stripe", Map.of("token", STRIPE_TOKEN.replace('4', '5')));
    String after =
        GatewayConfigCodec.toYaml(compile(redacting(ref("stripe", "token")), reading()).config());

    assertThat(GatewayConfigCodec.hash(after)).isNotEqualTo(GatewayConfigCodec.hash(before));
    assertThat(Arrays.asList(before, after)).noneMatch(yaml -> yaml.contains("sk_live"));
  }
}
