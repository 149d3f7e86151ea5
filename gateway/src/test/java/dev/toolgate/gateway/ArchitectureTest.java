package dev.toolgate.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's layers, from the bottom: {@code protocol} (JSON-RPC, SSE), {@code auth} (tokens and
 * the caller; pure, no HTTP server, sessions or endpoints), {@code identity} (the tokens the
 * gateway mints for workers), {@code http} (writing answers), {@code upstream} (the worker client
 * and relay), {@code session}, {@code routing}, {@code policy} (the stages of a call), {@code
 * server} (MCP endpoints, a handler per method), {@code transport} (HTTP in and out). Each may use
 * those below it, never those above, and no two packages depend on each other. Beside them, {@code
 * report} (the gateway's McpGateway status) reads the config store and the routing table and
 * nothing on the request path.
 *
 * <p>The policy stages' machinery sits beside the bottom layers and knows nothing of calls: {@code
 * canonical} (canonical JSON, digests), {@code state} (expiry of in-memory state), {@code redis}
 * (the connection), {@code limits}, {@code budget}, {@code cache}, {@code loops} (state, in memory
 * or Redis) and {@code redaction} (finding secrets in text and JSON).
 *
 * <p>Finished calls: {@code calls} (the record of one finished {@code tools/call}, its observers
 * and the per-call metrics) depends on no other package of the gateway, so every sink can; {@code
 * audit} (the spool and the store) knows only {@code calls}; {@code policy} opens and closes the
 * records.
 *
 * <p>{@code tracing} (spans of calls, W3C trace context) sits at the bottom beside {@code protocol}
 * and knows nothing of the gateway. {@code metrics} (Prometheus meters over the counters the other
 * packages keep) and {@code admin} (the admin listener) sit on top: only the wiring uses them.
 * {@code replay} (the session replay page and its API) reads the audit store and checks tokens with
 * {@code auth}; only the admin listener and the wiring use it, so it is never on the MCP port.
 */
class ArchitectureTest {

  private static final String BASE = "dev.toolgate.gateway.";

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.toolgate.gateway");
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("dev.toolgate.gateway.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void theProtocolDependsOnNothingElseOfTheGateway() {
    mayNotUse(
        "protocol",
        "auth",
        "identity",
        "http",
        "upstream",
        "session",
        "routing",
        "policy",
        "server",
        "transport");
  }

  @Test
  void authenticationKnowsNothingOfTheRestOfTheGateway() {
    mayNotUse(
        "auth",
        "protocol",
        "identity",
        "http",
        "upstream",
        "session",
        "routing",
        "policy",
        "server",
        "transport");
    noClasses()
        .that()
        .resideInAPackage(BASE + "auth..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.eclipse.jetty..")
        .check(classes);
  }

  @Test
  void identityTokensKnowOnlyTheCaller() {
    mayNotUse(
        "identity", "http", "upstream", "session", "routing", "policy", "server", "transport");
  }

  @Test
  void theWorkerClientKnowsNothingOfSessionsPolicyOrEndpoints() {
    mayNotUse("upstream", "session", "routing", "policy", "server", "transport");
  }

  @Test
  void policyStagesKnowNothingOfEndpointsOrTheHttpServer() {
    mayNotUse("policy", "server", "transport");
    noClasses()
        .that()
        .resideInAPackage(BASE + "policy..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.eclipse.jetty.server..")
        .check(classes);
  }

  @Test
  void policyMachineryKnowsNothingOfCallsSessionsOrEndpoints() {
    for (String machinery :
        new String[] {
          "canonical", "state", "redis", "limits", "budget", "cache", "loops", "redaction"
        }) {
      mayNotUse(
          machinery,
          "protocol",
          "http",
          "upstream",
          "session",
          "routing",
          "policy",
          "server",
          "transport");
      noClasses()
          .that()
          .resideInAPackage(BASE + machinery + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.eclipse.jetty..")
          .check(classes);
    }
  }

  @Test
  void canonicalJsonAndTheRedisConnectionDependOnNoOtherMachinery() {
    mayNotUse("canonical", "redis", "limits", "budget", "cache", "loops", "redaction");
    mayNotUse("state", "canonical", "redis", "limits", "budget", "cache", "loops", "redaction");
    mayNotUse("redis", "canonical", "limits", "budget", "cache", "loops", "redaction");
    mayNotUse("redaction", "redis", "limits", "budget", "cache", "loops");
  }

  @Test
  void tracingKnowsNothingOfTheGateway() {
    noClasses()
        .that()
        .resideInAPackage(BASE + "tracing..")
        .should()
        .dependOnClassesThat(
            JavaClass.Predicates.resideInAPackage("dev.toolgate..")
                .and(JavaClass.Predicates.resideOutsideOfPackage(BASE + "tracing..")))
        .check(classes);
  }

  @Test
  void onlyTheWiringAndTheAdminListenerUseMetrics() {
    for (String layer :
        new String[] {
          "protocol",
          "auth",
          "identity",
          "http",
          "upstream",
          "session",
          "routing",
          "policy",
          "server",
          "transport",
          "config",
          "health",
          "report",
          "tracing"
        }) {
      mayNotUse(layer, "metrics", "admin");
    }
    mayNotUse("metrics", "admin", "server", "transport");
  }

  @Test
  void endpointsKnowNothingOfTheHttpTransport() {
    mayNotUse("server", "transport");
  }

  @Test
  void theStatusReporterStaysOffTheRequestPath() {
    mayNotUse("report", "http", "upstream", "session", "policy", "server", "transport");
    mayNotUse("routing", "report");
    mayNotUse("config", "report");
  }

  @Test
  void finishedCallsKnowNothingOfTheGateway() {
    mayNotUse(
        "calls",
        "protocol",
        "auth",
        "identity",
        "http",
        "upstream",
        "session",
        "routing",
        "policy",
        "server",
        "transport",
        "audit");
    mayNotUse(
        "audit",
        "protocol",
        "auth",
        "identity",
        "http",
        "upstream",
        "session",
        "routing",
        "policy",
        "server",
        "transport");
  }

  @Test
  void theReplayPageReadsTheAuditAndKnowsNothingOfMcp() {
    mayNotUse(
        "replay",
        "protocol",
        "identity",
        "upstream",
        "session",
        "routing",
        "policy",
        "server",
        "transport",
        "metrics",
        "admin");
    for (String layer :
        new String[] {
          "protocol",
          "auth",
          "identity",
          "http",
          "upstream",
          "session",
          "routing",
          "policy",
          "server",
          "transport",
          "config",
          "health",
          "report",
          "tracing",
          "calls",
          "audit",
          "metrics"
        }) {
      mayNotUse(layer, "replay");
    }
  }

  private static void mayNotUse(String layer, String... above) {
    String[] packages = new String[above.length];
    for (int i = 0; i < above.length; i++) {
      packages[i] = BASE + above[i] + "..";
    }
    noClasses()
        .that()
        .resideInAPackage(BASE + layer + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(packages)
        .check(classes);
  }
}
