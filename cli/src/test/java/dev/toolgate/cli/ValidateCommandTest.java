package dev.toolgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code toolgate validate}: the errors a user gets for bad files, and the exit codes. */
class ValidateCommandTest {

  static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

  @TempDir Path dir;

  record Run(int code, String out) {}

  static Run run(String... args) {
    PrintStream before = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      return new Run(ToolgateCli.run(args), bytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(before);
    }
  }

  JsonNode problems(String... files) throws Exception {
    for (int i = 0; i + 1 < files.length; i += 2) {
      Path file = dir.resolve(files[i]);
      Files.createDirectories(file.getParent());
      Files.writeString(file, files[i + 1]);
    }
    Run run = run("validate", "-f", dir.toString(), "-o", "json");
    assertThat(run.code()).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("valid").asBoolean()).isFalse();
    return json.get("problems");
  }

  static final String TOOL_HEAD =
      """
      apiVersion: toolgate.dev/v1alpha1
      kind: McpTool
      metadata: {name: billing, namespace: tools}
      spec:
      """;

  @Test
  void theExamplesAreValid() {
    Run run = run("validate", "-f", EXAMPLES.toString());
    assertThat(run.code()).as(run.out()).isZero();
    assertThat(run.out()).contains("valid").contains("Not evaluated offline");
  }

  @Test
  void namesTheFileLineAndColumnOfBrokenYaml() throws Exception {
    JsonNode problems = problems("tools/broken.yaml", TOOL_HEAD + "  image: [unclosed\n");
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).get("file").asText()).isEqualTo("tools/broken.yaml");
    assertThat(problems.get(0).get("check").asText()).isEqualTo("yaml");
    assertThat(problems.get(0).get("message").asText()).contains("line");
  }

  @Test
  void namesUnknownFieldsAndWrongTypesFromTheCrdSchema() throws Exception {
    JsonNode problems =
        problems(
            "billing.yaml",
            TOOL_HEAD
                + """
                  image: registry.example/billing:1
                  port: eighty
                  tools:
                    - name: get_invoice
                      rateLimt: {requests: 5, period: 1m}
                """);
    assertThat(problems)
        .extracting(p -> p.get("field").asText() + ": " + p.get("message").asText())
        .contains(
            "spec.port: expected an integer, got the string \"eighty\"",
            "spec.tools[0].rateLimt: unknown field");
    assertThat(problems).hasSize(2); // not also that the operator's classes cannot bind it
    assertThat(problems)
        .allSatisfy(
            p -> {
              assertThat(p.get("file").asText()).isEqualTo("billing.yaml");
              assertThat(p.get("resource").asText()).isEqualTo("McpTool tools/billing");
            });
  }

  @Test
  void reportsTheOperatorsValidatorAndCompilerFindings() throws Exception {
    JsonNode problems =
        problems(
            "billing.yaml",
            TOOL_HEAD
                + """
                  image: registry.example/billing:1
                  sandbox:
                    writablePaths: [{path: /etc}]
                  tools:
                    - name: get_invoice
                      timeout: 1h
                """,
            "scope.yaml",
            """
            apiVersion: toolgate.dev/v1alpha1
            kind: McpScope
            metadata: {name: read, namespace: tools}
            spec:
              scope: billing.read
              tools: [billing/no_such_tool]
            """);
    assertThat(problems)
        .extracting(
            p ->
                p.get("check").asText()
                    + " "
                    + p.get("file").asText()
                    + " "
                    + p.get("field").asText())
        .contains(
            "validator billing.yaml spec.sandbox.writablePaths[0].path",
            "compiler billing.yaml spec.tools[get_invoice].timeout",
            "compiler scope.yaml spec.tools[0]");
    assertThat(problems)
        .filteredOn(p -> p.get("field").asText().equals("spec.tools[get_invoice].timeout"))
        .extracting(p -> p.get("reason").asText())
        .containsExactly("TimeoutAboveLimit");
  }

  /** The checks that depend on the operator's flags are made with the flags given, as it would. */
  @Test
  void checksAsTheOperatorWithTheFlagsGiven() throws Exception {
    Files.writeString(
        dir.resolve("billing.yaml"),
        TOOL_HEAD
            + """
              image: registry.example/billing:1
              env:
                - name: DB
                  valueFrom: {secretKeyRef: {name: billing-db, key: url}}
              sandbox: {gatewayJwks: true}
            """);
    // The chart's operator serves the JWKS and pins nothing: valid.
    Run chart = run("validate", "-f", dir.toString());
    assertThat(chart.code()).as(chart.out()).isZero();

    Run strict =
        run(
            "validate",
            "-f",
            dir.toString(),
            "-o",
            "json",
            "--operator-args",
            "--require-image-digests=true --env-secret-label=toolgate.dev/worker-env=true");
    assertThat(strict.code()).as(strict.out()).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(strict.out());
    assertThat(json.get("problems"))
        .extracting(p -> p.get("field").asText() + " " + p.get("reason").asText())
        .containsExactlyInAnyOrder(
            "spec.image ImageNotPinned", "spec.sandbox.gatewayJwks EgressNotAllowed");
    // Secrets are not in the files: their label is listed as the operator's to check.
    assertThat(json.get("notEvaluatedOffline"))
        .anySatisfy(
            u -> {
              assertThat(u.get("field").asText()).isEqualTo("spec.env");
              assertThat(u.get("message").asText())
                  .contains("billing-db", "toolgate.dev/worker-env=true");
            });
  }

  @Test
  void printsThePinnedToolDefinitions() throws Exception {
    String hash = "sha256:" + "ab".repeat(32);
    Files.writeString(
        dir.resolve("pinned.yaml"),
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: billing, namespace: tools}
        spec:
          remote: {url: "https://billing.example.com/mcp"}
          tools:
          - name: get_invoice
            schemaHash: %s
          - name: send_refund
        ---
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: crm, namespace: tools}
        spec:
          remote: {url: "https://crm.example.com/mcp"}
          pinSchemas: true
          tools: [{name: find_customer}]
        """
            .formatted(hash));

    Run text = run("validate", "-f", dir.toString());
    assertThat(text.code()).as(text.out()).isZero();
    assertThat(text.out().lines().toList())
        .contains(
            "  tools/billing get_invoice: " + hash,
            "  tools/crm *: the first definition the gateway sees (pinSchemas)")
        .noneMatch(line -> line.contains("send_refund"));

    JsonNode json =
        new ObjectMapper().readTree(run("validate", "-f", dir.toString(), "-o", "json").out());
    assertThat(json.get("pinned").get(0).get("schemaHash").asText()).isEqualTo(hash);
    assertThat(json.get("pinned").get(1).get("schemaHash").isNull()).isTrue();
  }

  @Test
  void textOutputSaysFileResourceFieldAndWhatIsWrong() throws Exception {
    Files.writeString(dir.resolve("billing.yaml"), TOOL_HEAD + "  image: x\n  replicas: -1\n");
    Run run = run("validate", "-f", dir.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out().lines().toList())
        .contains(
            "billing.yaml: McpTool tools/billing: spec.replicas: must be at least 0, got -1 [schema]");
  }

  @Test
  void aBadFlagIsAUsageError() {
    assertThat(run("validate", "--no-such-flag").code()).isEqualTo(2);
    assertThat(run("validate", "-o", "xml", "-f", EXAMPLES.toString()).code()).isEqualTo(2);
    assertThat(run("frobnicate").code()).isEqualTo(2);
  }

  @Test
  void helpIsMadeFromTheFlags() {
    Run run = run("dev", "--help");
    assertThat(run.code()).isZero();
    for (String flag :
        List.of("--filename", "--port", "--issuer-port", "--work-dir", "TOOLGATE_PORT")) {
      assertThat(run.out()).contains(flag);
    }
  }
}
