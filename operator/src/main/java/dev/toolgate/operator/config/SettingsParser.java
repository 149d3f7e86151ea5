package dev.toolgate.operator.config;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.compiler.ConfigBudget;
import dev.toolgate.api.config.AuthConfig;
import dev.toolgate.api.config.Durations;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.GatewayConfigValidator;
import dev.toolgate.api.config.IssuerConfig;
import dev.toolgate.api.config.UpstreamAddressPolicy;
import dev.toolgate.api.settings.Setting;
import dev.toolgate.api.settings.SettingCatalog;
import dev.toolgate.api.settings.SettingType;
import dev.toolgate.api.settings.SettingValues;
import dev.toolgate.operator.model.EgressBoundary;
import dev.toolgate.operator.model.GatewayJwks;
import dev.toolgate.operator.model.WorkerSettings;
import dev.toolgate.operator.validation.PlatformPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads {@link OperatorSettings} from flags ({@code --name=value} or {@code --name value}) and
 * {@code TOOLGATE_NAME} environment variables; a flag wins over the variable, the variable over the
 * default. Every setting is declared once below ({@link #SETTINGS}), from which {@code --help} and
 * the README tables are generated. Unknown flags are errors, so a typo does not silently run with a
 * default.
 */
public final class SettingsParser {

  static final Setting<String> NAMESPACE =
      Setting.of(
              "namespace",
              SettingType.text(),
              "toolgate-system",
              "the operator's namespace: the McpGateway, the gateway ConfigMap and the leader"
                  + " Lease live here")
          .orEnv("POD_NAMESPACE")
          .inGroup("running");
  static final Setting<String> MCPGATEWAY =
      Setting.of(
              "mcpgateway",
              SettingType.text(),
              ToolgateNames.DEFAULT_MCPGATEWAY,
              "name of the McpGateway in the operator's namespace to compile the gateway config"
                  + " for")
          .inGroup("running");
  static final Setting<List<String>> WATCH_NAMESPACES =
      Setting.of(
              "watch-namespaces",
              SettingType.list(),
              List.of(),
              "namespaces to watch for McpTools and McpScopes; empty: all. "
                  + ToolgateNames.NEVER_SERVED_NAMESPACE
                  + " is never served: listing it stops the start, and with all namespaces its"
                  + " McpTools and McpScopes get no worker and no route (NamespaceNotServed)")
          .inGroup("running");
  static final Setting<String> GATEWAY_NAMESPACE =
      Setting.of("gateway-namespace", SettingType.text(), null, "namespace of the gateway pods")
          .defaultShownAs("the operator's namespace")
          .inGroup("running");
  static final Setting<Map<String, String>> GATEWAY_POD_LABELS =
      Setting.of(
              "gateway-pod-labels",
              SettingType.labels(),
              WorkerSettings.defaults("").gatewayPodLabels(),
              "labels of the gateway pods: only they may connect to workers")
          .inGroup("running");
  static final Setting<String> DNS_NAMESPACE =
      Setting.of(
              "dns-namespace",
              SettingType.text(),
              WorkerSettings.defaults("").dnsNamespace(),
              "namespace of the cluster DNS pods")
          .inGroup("running");
  static final Setting<Map<String, String>> DNS_POD_LABELS =
      Setting.of(
              "dns-pod-labels",
              SettingType.labels(),
              WorkerSettings.defaults("").dnsPodLabels(),
              "labels of the cluster DNS pods")
          .inGroup("running");
  static final Setting<String> CLUSTER_DOMAIN =
      Setting.of(
              "cluster-domain",
              SettingType.text(),
              WorkerSettings.defaults("").clusterDomain(),
              "the cluster's DNS domain")
          .inGroup("running");
  static final Setting<GatewayJwks> GATEWAY_JWKS_URL =
      Setting.of(
              "gateway-jwks-url",
              SettingType.of(
                  "http(s)://HOST:PORT/.well-known/jwks.json, PORT the gateway pods' JWKS port",
                  GatewayJwks::parse,
                  GatewayJwks::url),
              null,
              "where workers with sandbox.gatewayJwks fetch the gateway's identity keys; none:"
                  + " such McpTools are invalid")
          .inGroup("running");
  static final Setting<Boolean> LEADER_ELECTION =
      Setting.of(
              "leader-election",
              SettingType.bool(),
              true,
              "take the leader Lease before reconciling (on for more than one replica)")
          .inGroup("running");
  static final Setting<String> LEASE_NAME =
      Setting.of(
              "lease-name",
              SettingType.text(),
              OperatorSettings.LeaseSettings.defaults().name(),
              "name of the leader Lease")
          .inGroup("running");
  static final Setting<Duration> LEASE_DURATION =
      Setting.of(
              "lease-duration",
              SettingType.positiveDuration(),
              OperatorSettings.LeaseSettings.defaults().duration(),
              "how long a leader's claim lasts without renewal")
          .inGroup("running");
  static final Setting<Duration> LEASE_RENEW_DEADLINE =
      Setting.of(
              "lease-renew-deadline",
              SettingType.positiveDuration(),
              OperatorSettings.LeaseSettings.defaults().renewDeadline(),
              "how long the leader tries to renew before it gives up")
          .inGroup("running");
  static final Setting<Duration> LEASE_RETRY_PERIOD =
      Setting.of(
              "lease-retry-period",
              SettingType.positiveDuration(),
              OperatorSettings.LeaseSettings.defaults().retryPeriod(),
              "how often candidates try to take the Lease")
          .inGroup("running");
  static final Setting<Integer> HTTP_PORT =
      Setting.of(
              "http-port",
              SettingType.port(),
              8081,
              "port of /metrics, /healthz and /readyz; 0 picks a free one")
          .inGroup("running");
  static final Setting<String> IDENTITY =
      Setting.of(
              "identity",
              SettingType.text(),
              null,
              "this replica's name in the Lease and in events")
          .orEnv("HOSTNAME")
          .defaultShownAs("toolgate-operator-<random UUID>")
          .inGroup("running");
  static final Setting<Duration> CILIUM_RECHECK =
      Setting.of(
              "cilium-recheck",
              SettingType.positiveDuration(),
              Duration.ofSeconds(60),
              "how often a missing Cilium CRD is looked for again")
          .inGroup("running");
  static final Setting<Path> REDACTION_KEY_FILE =
      Setting.of(
              "redaction-key-file",
              SettingType.path(),
              null,
              "the redaction key the gateway shares (the gateway's --redaction-key-file): the"
                  + " values of Secrets labelled "
                  + ToolgateNames.REDACT_SECRET_SELECTOR
                  + " that McpTools redact are fingerprinted with it; without it no Secret is read"
                  + " and such McpTools are not routed")
          .inGroup("running");
  static final Setting<String> LOG_FORMAT =
      Setting.of(
              "log-format",
              SettingType.oneOf("json", "text"),
              "json",
              "json lines for machines or text for people (read at startup by logback)")
          .inGroup("running");

  static final Setting<String> AUTH_ISSUER =
      Setting.of(
              "auth-issuer",
              SettingType.text(),
              null,
              "a trusted issuer of access tokens (its exact iss); with no issuer at all the"
                  + " gateway refuses every call")
          .inGroup("auth");
  static final Setting<String> AUTH_JWKS_URI =
      Setting.of(
              "auth-jwks-uri", SettingType.text(), null, "where --auth-issuer publishes its keys")
          .defaultShownAs("discovered from the issuer's metadata")
          .inGroup("auth");
  static final Setting<List<String>> AUTH_ALGORITHMS =
      Setting.of(
              "auth-algorithms",
              SettingType.list(),
              null,
              "JWS algorithms accepted from --auth-issuer, from "
                  + String.join(",", IssuerConfig.ALLOWED_ALGORITHMS))
          .defaultShownAs(String.join(",", IssuerConfig.DEFAULT_ALGORITHMS))
          .inGroup("auth");
  static final Setting<String> AUTH_ISSUERS =
      Setting.of(
              "auth-issuers",
              SettingType.text(),
              null,
              "more trusted issuers, a JSON list of {issuer, jwksUri, algorithms, kind} as in the"
                  + " gateway config's auth.issuers")
          .inGroup("auth");
  static final Setting<String> AUTH_KUBERNETES_ISSUER =
      Setting.of(
              "auth-kubernetes-issuer",
              SettingType.text(),
              null,
              "the cluster's service-account issuer (kube-apiserver --service-account-issuer),"
                  + " trusted for projected service-account tokens; when it is the API server's"
                  + " in-cluster name (https://kubernetes.default.svc[.<cluster-domain>]) the"
                  + " gateway fetches its keys with its pod's CA and token")
          .inGroup("auth");
  static final Setting<String> AUTH_AUDIENCE =
      Setting.of(
              "auth-audience",
              SettingType.text(),
              null,
              "the gateway's canonical URL, required in every token's aud, such as"
                  + " https://mcp.example.com/mcp; required with any issuer")
          .inGroup("auth");
  static final Setting<Duration> AUTH_MAX_TOKEN_LIFETIME =
      Setting.of(
              "auth-max-token-lifetime",
              SettingType.positiveDuration(),
              null,
              "longest accepted token lifetime (exp - iat)")
          .defaultShownAs(Durations.format(GatewayConfigValidator.MAX_TOKEN_LIFETIME))
          .inGroup("auth");
  static final Setting<String> AUTH_GROUPS_CLAIM =
      Setting.of(
              "auth-groups-claim",
              SettingType.text(),
              null,
              "the token claim holding the caller's groups")
          .defaultShownAs(AuthConfig.DEFAULT_GROUPS_CLAIM)
          .inGroup("auth");
  static final Setting<Duration> AUTH_CLOCK_SKEW =
      Setting.of(
              "auth-clock-skew",
              SettingType.duration(Duration.ZERO),
              null,
              "how far token times may be off the gateway's clock, at most "
                  + Durations.format(AuthConfig.MAX_CLOCK_SKEW))
          .defaultShownAs(Durations.format(AuthConfig.DEFAULT_CLOCK_SKEW))
          .inGroup("auth");

  static final Setting<List<String>> REMOTE_URL_ALLOW =
      Setting.of(
              "remote-url-allow",
              SettingType.list(),
              OperatorSettings.Boundaries.defaults().remoteUrlAllow(),
              "hosts (exact names) and addresses or CIDRs a spec.remote.url may use despite the"
                  + " address rules, e.g. 10.20.0.0/16,mcp.corp.example")
          .inGroup("boundaries");
  static final Setting<List<String>> SERVICE_CIDRS =
      Setting.of(
              "service-cidrs",
              SettingType.list(),
              OperatorSettings.Boundaries.defaults().serviceCidrs(),
              "the cluster's Service ranges: no remote server there (the default is kubeadm's;"
                  + " set your cluster's range)")
          .inGroup("boundaries");
  static final Setting<List<String>> POD_CIDRS =
      Setting.of(
              "pod-cidrs",
              SettingType.list(),
              OperatorSettings.Boundaries.defaults().podCidrs(),
              "the cluster's Pod ranges: no remote server there. Pod ranges differ by CNI, so the"
                  + " default refuses every private range; narrow it to your Pod range to allow"
                  + " remote servers at other private addresses")
          .inGroup("boundaries");
  static final Setting<List<String>> EGRESS_DENY_CIDRS =
      Setting.of(
              "egress-deny-cidrs",
              SettingType.list(),
              EgressBoundary.DEFAULT_DENY,
              "ranges no worker may reach (the default: link-local and cloud metadata). The API"
                  + " server's addresses, --service-cidrs and --pod-cidrs are always added. A"
                  + " spec.sandbox.egress[].cidr inside an entry is refused (EgressNotAllowed); an"
                  + " entry inside a wider rule becomes an except block of that rule")
          .inGroup("boundaries");
  static final Setting<Boolean> EGRESS_ALLOW_ANY =
      Setting.of(
              "egress-allow-any",
              SettingType.bool(),
              false,
              "true lets a sandbox egress rule name 0.0.0.0/0 or ::/0 (it still gets the whole"
                  + " deny list as except)")
          .inGroup("boundaries");
  static final Setting<Duration> MAX_TOOL_TIMEOUT =
      Setting.of(
              "max-tool-timeout",
              SettingType.positiveDuration(),
              OperatorSettings.Boundaries.defaults().maxToolTimeout(),
              "the longest spec.timeout / spec.tools[].timeout an McpTool may set; a longer one"
                  + " is reported (TimeoutAboveLimit) and cut to this")
          .inGroup("boundaries");
  static final Setting<Long> CONFIG_BUDGET_PER_NAMESPACE =
      Setting.of(
              "config-budget-per-namespace",
              SettingType.bytes(),
              OperatorSettings.Boundaries.defaults().configBudget().perNamespace(),
              "bytes of gateway config (YAML) one namespace's McpTools and McpScopes may take;"
                  + " over it the namespace's newest entries are left out"
                  + " (ConfigBudgetExceeded)")
          .inGroup("boundaries");
  static final Setting<Long> CONFIG_BUDGET_TOTAL =
      Setting.of(
              "config-budget-total",
              SettingType.bytes(),
              OperatorSettings.Boundaries.defaults().configBudget().total(),
              "bytes all namespaces may take together, at most "
                  + SettingType.bytes().format(ConfigBudget.MAX_TOTAL)
                  + " (a ConfigMap holds 1 MiB); over it the newest entries overall are left out")
          .inGroup("boundaries");

  static final Setting<Boolean> REQUIRE_IMAGE_DIGESTS =
      Setting.of(
              "require-image-digests",
              SettingType.bool(),
              false,
              "true refuses an McpTool whose spec.image is not pinned by digest"
                  + " (<image>@sha256:<64 hex digits>): no worker is applied for it"
                  + " (ImageNotPinned)")
          .asSwitch()
          .inGroup("platform");
  static final Setting<Map<String, String>> ENV_SECRET_LABEL =
      Setting.of(
              "env-secret-label",
              SettingType.labels(),
              Map.of(),
              "a label such as toolgate.dev/worker-env=true that every Secret a worker's"
                  + " spec.env[].valueFrom.secretKeyRef names must carry, in the McpTool's"
                  + " namespace; otherwise no worker is applied (EnvSecretNotAllowed). Set, the"
                  + " operator lists and watches the Secrets carrying it, and only those; empty: any"
                  + " Secret")
          .inGroup("platform");

  /** Every setting, in the order {@code --help} lists them. */
  public static final SettingCatalog SETTINGS =
      new SettingCatalog(
          "toolgate-operator",
          List.of(
              NAMESPACE,
              MCPGATEWAY,
              WATCH_NAMESPACES,
              GATEWAY_NAMESPACE,
              GATEWAY_POD_LABELS,
              DNS_NAMESPACE,
              DNS_POD_LABELS,
              CLUSTER_DOMAIN,
              GATEWAY_JWKS_URL,
              LEADER_ELECTION,
              LEASE_NAME,
              LEASE_DURATION,
              LEASE_RENEW_DEADLINE,
              LEASE_RETRY_PERIOD,
              HTTP_PORT,
              IDENTITY,
              CILIUM_RECHECK,
              REDACTION_KEY_FILE,
              LOG_FORMAT,
              AUTH_ISSUER,
              AUTH_JWKS_URI,
              AUTH_ALGORITHMS,
              AUTH_ISSUERS,
              AUTH_KUBERNETES_ISSUER,
              AUTH_AUDIENCE,
              AUTH_MAX_TOKEN_LIFETIME,
              AUTH_GROUPS_CLAIM,
              AUTH_CLOCK_SKEW,
              REMOTE_URL_ALLOW,
              SERVICE_CIDRS,
              POD_CIDRS,
              EGRESS_DENY_CIDRS,
              EGRESS_ALLOW_ANY,
              MAX_TOOL_TIMEOUT,
              CONFIG_BUDGET_PER_NAMESPACE,
              CONFIG_BUDGET_TOTAL,
              REQUIRE_IMAGE_DIGESTS,
              ENV_SECRET_LABEL));

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper()
          .configure(
              com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
              true);

  private final SettingValues values;

  private SettingsParser(SettingValues values) {
    this.values = values;
  }

  /**
   * @throws IllegalArgumentException naming the flag or variable that is wrong
   */
  public static OperatorSettings parse(String[] args, Map<String, String> env) {
    return new SettingsParser(SETTINGS.parse(args, env)).settings();
  }

  /** The {@code --help} text. */
  public static String help() {
    return SETTINGS.help();
  }

  private OperatorSettings settings() {
    String namespace = values.get(NAMESPACE);
    WorkerSettings worker =
        new WorkerSettings(
            values.getOrElse(GATEWAY_NAMESPACE, namespace),
            values.get(GATEWAY_POD_LABELS),
            values.get(DNS_NAMESPACE),
            values.get(DNS_POD_LABELS),
            values.get(CLUSTER_DOMAIN));
    OperatorSettings.Boundaries boundaries = boundaries();
    worker = worker.withEgress(egress(boundaries));
    worker = worker.withGatewayJwks(values.get(GATEWAY_JWKS_URL));
    OperatorSettings.LeaseSettings lease =
        new OperatorSettings.LeaseSettings(
            values.get(LEASE_NAME),
            values.get(LEASE_DURATION),
            values.get(LEASE_RENEW_DEADLINE),
            values.get(LEASE_RETRY_PERIOD),
            true);
    return new OperatorSettings(
        namespace,
        Set.copyOf(values.get(WATCH_NAMESPACES)),
        worker,
        auth(worker.clusterDomain()),
        values.get(LEADER_ELECTION),
        lease,
        values.get(HTTP_PORT),
        values.getOrElse(IDENTITY, "toolgate-operator-" + UUID.randomUUID()),
        values.get(CILIUM_RECHECK),
        boundaries,
        values.get(MCPGATEWAY),
        values.get(REDACTION_KEY_FILE),
        platform());
  }

  private PlatformPolicy platform() {
    try {
      return new PlatformPolicy(values.get(REQUIRE_IMAGE_DIGESTS), values.get(ENV_SECRET_LABEL));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ENV_SECRET_LABEL.flag() + ": " + e.getMessage());
    }
  }

  /** The egress deny list from its own setting and the cluster's ranges. */
  private EgressBoundary egress(OperatorSettings.Boundaries boundaries) {
    try {
      return EgressBoundary.builder()
          .deny(values.get(EGRESS_DENY_CIDRS), "denied by the platform (--egress-deny-cidrs)")
          .deny(boundaries.serviceCidrs(), "the cluster's Service range")
          .deny(boundaries.podCidrs(), "the cluster's Pod range")
          .build(values.get(EGRESS_ALLOW_ANY));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--egress-deny-cidrs: " + e.getMessage());
    }
  }

  private OperatorSettings.Boundaries boundaries() {
    ConfigBudget budget;
    try {
      budget =
          new ConfigBudget(
              values.get(CONFIG_BUDGET_PER_NAMESPACE), values.get(CONFIG_BUDGET_TOTAL));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--config-budget-total: " + e.getMessage());
    }
    OperatorSettings.Boundaries boundaries =
        new OperatorSettings.Boundaries(
            values.get(SERVICE_CIDRS),
            values.get(POD_CIDRS),
            values.get(REMOTE_URL_ALLOW),
            values.get(MAX_TOOL_TIMEOUT),
            budget);
    try {
      UpstreamAddressPolicy.strict(
          "cluster.local",
          boundaries.serviceCidrs(),
          boundaries.podCidrs(),
          boundaries.remoteUrlAllow());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--service-cidrs, --pod-cidrs or --remote-url-allow: " + e.getMessage());
    }
    return boundaries;
  }

  private AuthConfig auth(String clusterDomain) {
    List<IssuerConfig> issuers = new ArrayList<>();
    String issuer = values.get(AUTH_ISSUER);
    if (issuer != null) {
      issuers.add(
          new IssuerConfig(
              issuer,
              values.get(AUTH_JWKS_URI),
              values.getOrElse(AUTH_ALGORITHMS, List.of()),
              null));
    }
    String more = values.get(AUTH_ISSUERS);
    if (more != null) {
      try {
        issuers.addAll(
            JSON.readValue(
                more, new com.fasterxml.jackson.core.type.TypeReference<List<IssuerConfig>>() {}));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException(
            "--auth-issuers: expected a JSON list like [{\"issuer\":\"https://idp.example.com\"}]: "
                + e.getOriginalMessage());
      }
    }
    String kubernetes = values.get(AUTH_KUBERNETES_ISSUER);
    if (kubernetes != null) {
      issuers.add(kubernetesIssuer(kubernetes, clusterDomain));
    }
    if (issuers.isEmpty()) {
      for (Setting<?> needsIssuer : List.of(AUTH_AUDIENCE, AUTH_JWKS_URI, AUTH_ALGORITHMS)) {
        if (values.isGiven(needsIssuer)) {
          throw new IllegalArgumentException(
              needsIssuer.flag()
                  + ": needs a trusted issuer (--auth-issuer, --auth-issuers or"
                  + " --auth-kubernetes-issuer)");
        }
      }
      return null;
    }
    Duration lifetime = values.get(AUTH_MAX_TOKEN_LIFETIME);
    Duration skew = values.get(AUTH_CLOCK_SKEW);
    AuthConfig auth =
        new AuthConfig(
            null,
            null,
            values.get(AUTH_AUDIENCE),
            null,
            lifetime == null ? null : Durations.format(lifetime),
            issuers,
            values.get(AUTH_GROUPS_CLAIM),
            skew == null ? null : Durations.format(skew));
    List<String> problems =
        GatewayConfigValidator.validate(
            new GatewayConfig(GatewayConfig.CURRENT_VERSION, auth, List.of(), List.of()),
            // The gateway reads it from the cluster, with the rules of a config from there.
            UpstreamAddressPolicy.strict(clusterDomain));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("auth settings: " + String.join("; ", problems));
    }
    return auth;
  }

  /**
   * The cluster's service-account issuer. When it is the API server's in-cluster name (kubeadm,
   * kind and k3s clusters), the gateway reads its keys from the API server as the pod it runs in
   * does: trusting the pod's cluster CA and with its own token, since an API server shows its
   * service-account keys only to authenticated callers by default. A public issuer (EKS, GKE, AKS)
   * gets neither; other shapes go through --auth-issuers.
   */
  static IssuerConfig kubernetesIssuer(String issuer, String clusterDomain) {
    String host;
    try {
      host = java.net.URI.create(issuer).getHost();
    } catch (IllegalArgumentException e) {
      host = null; // the validator names the problem
    }
    String name = host == null ? "" : host.toLowerCase(Locale.ROOT);
    if (name.equals("kubernetes.default.svc")
        || name.equals("kubernetes.default.svc." + clusterDomain)) {
      return new IssuerConfig(
          issuer,
          null,
          List.of(),
          IssuerConfig.KIND_KUBERNETES,
          IssuerConfig.POD_CA_FILE,
          IssuerConfig.POD_TOKEN_FILE);
    }
    return new IssuerConfig(issuer, null, List.of(), IssuerConfig.KIND_KUBERNETES);
  }
}
