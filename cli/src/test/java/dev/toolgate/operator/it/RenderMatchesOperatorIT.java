package dev.toolgate.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.api.ToolgateNames;
import dev.toolgate.cli.ToolgateCli;
import dev.toolgate.operator.config.SettingsParser;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code toolgate render} against the real thing: the examples (with the Java worker's McpTool of
 * {@code examples/dev}) applied to a real API server with the operator running, and every object
 * render prints must be there with every field render gives it, the worker objects the operator
 * manages must be exactly those render prints, and the ConfigMap must hold render's gateway config
 * byte for byte. In the operator tests' package to use their harness (ApiServer, RunningOperator).
 */
@EnableKubeAPIServer
class RenderMatchesOperatorIT {

  /** The operator's flags, for both the running operator and {@code render --operator-args}. */
  static final String OPERATOR_FLAGS =
      "--namespace=toolgate-system --gateway-namespace=toolgate-gateway --watch-namespaces=tools"
          + " --leader-election=false --identity=render-it --http-port=0"
          + " --gateway-jwks-url="
          + RunningOperator.GATEWAY_JWKS_URL;

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @KubeConfig static String kubeconfig;
  @TempDir static Path files;
  static KubernetesClient admin;
  static RunningOperator operator;

  @BeforeAll
  static void applyTheFiles() throws IOException {
    Path examples = ApiServer.REPO.resolve("examples");
    try (Stream<Path> walk = Files.walk(examples)) {
      for (Path source :
          walk.filter(p -> p.toString().endsWith(".yaml"))
              .filter(p -> !p.startsWith(examples.resolve("argocd")))
              .filter(p -> !p.startsWith(examples.resolve("dev")) || p.endsWith("conformance.yaml"))
              .filter(p -> !p.toString().contains("target"))
              .toList()) {
        Path target = files.resolve(examples.relativize(source).toString());
        Files.createDirectories(target.getParent());
        Files.copy(source, target);
      }
    }
    admin = ApiServer.admin(kubeconfig);
    ApiServer.install(admin);
    ApiServer.mcpGateway(admin);
    operator =
        RunningOperator.start(
            ApiServer.asOperator(kubeconfig),
            SettingsParser.parse(OPERATOR_FLAGS.split(" "), Map.of()));
    apply(files.resolve("namespace.yaml"));
    try (Stream<Path> walk = Files.walk(files)) {
      for (Path file : walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        if (!file.endsWith("namespace.yaml")) {
          apply(file);
        }
      }
    }
  }

  static void apply(Path file) {
    for (HasMetadata object : ApiServer.load(ApiServer.read(file))) {
      admin.resource(object).fieldManager("kubectl").forceConflicts().serverSideApply();
    }
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (admin != null) {
      admin.close();
    }
  }

  @Test
  void everyRenderedObjectIsWhatTheOperatorCreated() throws Exception {
    List<HasMetadata> rendered = render();
    assertThat(rendered).extracting(HasMetadata::getKind).contains("Deployment", "ConfigMap");

    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              for (HasMetadata object : rendered) {
                HasMetadata live = admin.resource(object).get();
                assertThat(live).as("%s %s", object.getKind(), name(object)).isNotNull();
                List<String> differences = new ArrayList<>();
                subset(
                    tree(object), tree(live), object.getKind() + " " + name(object), differences);
                assertThat(differences)
                    .as("fields render gives that the live object lacks")
                    .isEmpty();
              }
            });

    // Nothing more: the worker objects the operator manages are exactly the rendered ones.
    Set<String> live = new TreeSet<>();
    String selector = "app.kubernetes.io/managed-by";
    admin
        .serviceAccounts()
        .inNamespace("tools")
        .withLabel(selector)
        .list()
        .getItems()
        .forEach(o -> live.add("ServiceAccount " + name(o)));
    admin
        .apps()
        .deployments()
        .inNamespace("tools")
        .withLabel(selector)
        .list()
        .getItems()
        .forEach(o -> live.add("Deployment " + name(o)));
    admin
        .services()
        .inNamespace("tools")
        .withLabel(selector)
        .list()
        .getItems()
        .forEach(o -> live.add("Service " + name(o)));
    admin
        .network()
        .v1()
        .networkPolicies()
        .inNamespace("tools")
        .withLabel(selector)
        .list()
        .getItems()
        .forEach(o -> live.add("NetworkPolicy " + name(o)));
    Set<String> workers = new TreeSet<>();
    rendered.stream()
        .filter(o -> !(o instanceof ConfigMap))
        .forEach(o -> workers.add(o.getKind() + " " + name(o)));
    assertThat(live).isEqualTo(workers);

    ConfigMap config =
        (ConfigMap) rendered.stream().filter(o -> o instanceof ConfigMap).findFirst().orElseThrow();
    assertThat(
            admin
                .configMaps()
                .inNamespace("toolgate-system")
                .withName(ToolgateNames.GATEWAY_CONFIGMAP)
                .get()
                .getData())
        .isEqualTo(config.getData());
  }

  /** {@code toolgate render -f <files> --operator-args <the operator's flags>}, parsed. */
  static List<HasMetadata> render() throws Exception {
    PrintStream before = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          ToolgateCli.run(
              new String[] {"render", "-f", files.toString(), "--operator-args", OPERATOR_FLAGS});
    } finally {
      System.setOut(before);
    }
    assertThat(code).isZero();
    return ApiServer.load(out.toString(StandardCharsets.UTF_8));
  }

  static String name(HasMetadata o) {
    return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  static JsonNode tree(HasMetadata object) {
    return SERIALIZATION.convertValue(object, JsonNode.class);
  }

  /** Every field of {@code expected} is in {@code actual} with the same value. */
  static void subset(JsonNode expected, JsonNode actual, String at, List<String> differences) {
    if (actual == null || actual.isNull()) {
      differences.add(at + ": missing");
    } else if (expected.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        subset(
            field.getValue(), actual.get(field.getKey()), at + "." + field.getKey(), differences);
      }
    } else if (expected.isArray()) {
      if (!actual.isArray() || actual.size() != expected.size()) {
        differences.add(at + ": " + expected + " but live has " + actual);
        return;
      }
      for (int i = 0; i < expected.size(); i++) {
        subset(expected.get(i), actual.get(i), at + "[" + i + "]", differences);
      }
    } else if (!expected.asText().equals(actual.asText())) {
      differences.add(at + ": " + expected + " but live has " + actual);
    }
  }
}
