package dev.toolgate.operator.config;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.compiler.CompilerSettings;
import dev.toolgate.api.compiler.ConfigBudget;
import dev.toolgate.api.config.AuthConfig;
import dev.toolgate.api.config.Durations;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.GatewayConfigValidator;
import dev.toolgate.api.config.IssuerConfig;
import dev.toolgate.api.config.UpstreamAddressPolicy;
import dev.toolgate.operator.model.EgressBoundary;
import dev.toolgate.operator.model.GatewayJwks;
import dev.toolgate.operator.model.WorkerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads {@link OperatorSettings} from {@code --name=value} flags and {@code TOOLGATE_NAME}
 * environment variables; a flag wins over the variable. Unknown flags are errors, so a typo does
 * not silently run with a default.
 */
public final class SettingsParser {

  /** Every setting, its default and what it does; {@code --help} prints this. */
  public static final List<Option> OPTIONS =
      List.of(
          new Option(
              "namespace",
              "the operator's namespace (McpGateway, gateway ConfigMap, Lease); default $POD_NAMESPACE, else toolgate-system"),
          new Option(
              "mcpgateway",
              "name of the McpGateway in the operator's namespace to compile the gateway config"
                  + " for; default "
                  + ToolgateNames.DEFAULT_MCPGATEWAY),
          new Option(
              "watch-namespaces",
              "comma-separated namespaces to watch for McpTools and McpScopes; empty: all"),
          new Option(
              "gateway-namespace",
              "namespace of the gateway pods; default: the operator's namespace"),
          new Option(
              "gateway-pod-labels",
              "labels of the gateway pods, k=v,k=v; default app.kubernetes.io/name=toolgate-gateway"),
          new Option("dns-namespace", "namespace of the cluster DNS pods; default kube-system"),
          new Option(
              "dns-pod-labels",
              "labels of the cluster DNS pods, k=v,k=v; default k8s-app=kube-dns"),
          new Option("cluster-domain", "the cluster's DNS domain; default cluster.local"),
          new Option(
              "gateway-jwks-url",
              "where workers with sandbox.gatewayJwks fetch the gateway's identity keys,"
                  + " http://HOST:PORT/.well-known/jwks.json, PORT being the gateway pods' JWKS"
                  + " port too; empty: none, and such McpTools are invalid"),
          new Option(
              "auth-issuer",
              "a trusted issuer of access tokens (its exact iss); with no issuer at all the"
                  + " gateway refuses every call"),
          new Option(
              "auth-jwks-uri",
              "where --auth-issuer publishes its keys; default: discovered from its metadata"),
          new Option(
              "auth-algorithms",
              "JWS algorithms accepted from --auth-issuer, comma-separated, from "
                  + String.join(",", IssuerConfig.ALLOWED_ALGORITHMS)
                  + "; default "
                  + String.join(",", IssuerConfig.DEFAULT_ALGORITHMS)),
          new Option(
              "auth-issuers",
              "more trusted issuers, a JSON list of {issuer, jwksUri, algorithms, kind} as in the"
                  + " gateway config's auth.issuers"),
          new Option(
              "auth-kubernetes-issuer",
              "the cluster's service-account issuer (kube-apiserver --service-account-issuer),"
                  + " trusted for projected service-account tokens; when it is the API server's"
                  + " in-cluster name (https://kubernetes.default.svc[.<cluster-domain>]) the gateway"
                  + " fetches its keys with its pod's CA and token; default none"),
          new Option(
              "auth-audience",
              "the gateway's canonical URL, required in every token's aud, such as"
                  + " https://mcp.example.com/mcp; required with any issuer"),
          new Option("auth-max-token-lifetime", "longest accepted token lifetime; default 15m"),
          new Option("auth-groups-claim", "the token claim holding groups; default groups"),
          new Option("auth-clock-skew", "how far token times may be off; default 30s"),
          new Option("leader-election", "true or false; default true"),
          new Option("lease-name", "name of the leader Lease; default toolgate-operator"),
          new Option("lease-duration", "default 15s"),
          new Option("lease-renew-deadline", "default 10s"),
          new Option("lease-retry-period", "default 2s"),
          new Option("http-port", "port of /metrics, /healthz and /readyz; default 8081"),
          new Option("identity", "this replica's name in the Lease and events; default $HOSTNAME"),
          new Option(
              "cilium-recheck", "how often a missing Cilium CRD is looked for again; default 60s"),
          new Option(
              "remote-url-allow",
              "hosts and CIDRs a remote server (spec.remote.url) may use despite the address"
                  + " rules, comma-separated; default none"),
          new Option(
              "service-cidrs",
              "the cluster's Service ranges, refused as remote servers, comma-separated; default "
                  + String.join(",", UpstreamAddressPolicy.DEFAULT_SERVICE_CIDRS)
                  + " (kubeadm)"),
          new Option(
              "pod-cidrs",
              "the cluster's Pod ranges, refused as remote servers, comma-separated; default every"
                  + " private range: "
                  + String.join(",", UpstreamAddressPolicy.DEFAULT_POD_CIDRS)),
          new Option(
              "egress-deny-cidrs",
              "ranges no worker may reach, comma-separated; a sandbox egress rule inside one is"
                  + " refused, a wider rule gets it as an except block. The API server's addresses,"
                  + " --service-cidrs and --pod-cidrs are always added; default "
                  + String.join(",", EgressBoundary.DEFAULT_DENY)
                  + " (link-local and cloud metadata)"),
          new Option(
              "egress-allow-any",
              "true lets a sandbox egress rule name 0.0.0.0/0 or ::/0 (still less the deny list);"
                  + " default false"),
          new Option(
              "max-tool-timeout",
              "longest per-call timeout an McpTool may set (longer ones are cut to it); default "
                  + Durations.format(CompilerSettings.DEFAULT_MAX_TIMEOUT)),
          new Option(
              "config-budget-per-namespace",
              "bytes of gateway config one namespace's McpTools and McpScopes may take (Ki, Mi"
                  + " suffixes); default "
                  + ConfigBudget.DEFAULT_PER_NAMESPACE / 1024
                  + "Ki"),
          new Option(
              "config-budget-total",
              "bytes of gateway config all namespaces may take, at most "
                  + ConfigBudget.MAX_TOTAL / 1024
                  + "Ki; default "
                  + ConfigBudget.DEFAULT_TOTAL / 1024
                  + "Ki"),
          new Option(
              "redaction-key-file",
              "the redaction key the gateway shares (the gateway's --redaction-key-file): the"
                  + " values of Secrets labelled "
                  + ToolgateNames.REDACT_SECRET_SELECTOR
                  + " that McpTools redact are fingerprinted with it; without it no Secret is read"
                  + " and such McpTools are not routed; default none"),
          new Option("log-format", "json or text; default json (read at startup by logback)"));

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper()
          .configure(
              com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
              true);

  private final Map<String, String> values;

  private SettingsParser(Map<String, String> values) {
    this.values = values;
  }

  /** A setting's name and what it does. */
  public record Option(String name, String help) {
    public String envName() {
      return "TOOLGATE_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }
  }

  /**
   * @throws IllegalArgumentException naming the flag or variable that is wrong
   */
  public static OperatorSettings parse(String[] args, Map<String, String> env) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Option option : OPTIONS) {
      String value = env.get(option.envName());
      if (value != null) {
        values.put(option.name(), value.trim());
      }
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException(
            "unexpected argument '" + arg + "'; flags are --name=value");
      }
      String name;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(2, eq);
        value = arg.substring(eq + 1);
      } else {
        name = arg.substring(2);
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("flag --" + name + " needs a value");
        }
        value = args[++i];
      }
      if (OPTIONS.stream().noneMatch(o -> o.name().equals(name))) {
        throw new IllegalArgumentException("unknown flag --" + name + " (see --help)");
      }
      values.put(name, value.trim());
    }
    return new SettingsParser(values).settings(env);
  }

  private OperatorSettings settings(Map<String, String> env) {
    String namespace =
        get("namespace", env.getOrDefault("POD_NAMESPACE", "toolgate-system"), Function.identity());
    String gatewayNamespace = get("gateway-namespace", namespace, Function.identity());
    WorkerSettings defaults = WorkerSettings.defaults(gatewayNamespace);
    WorkerSettings worker =
        new WorkerSettings(
            gatewayNamespace,
            get(
                "gateway-pod-labels",
                defaults.gatewayPodLabels(),
                v -> labels("gateway-pod-labels", v)),
            get("dns-namespace", defaults.dnsNamespace(), Function.identity()),
            get("dns-pod-labels", defaults.dnsPodLabels(), v -> labels("dns-pod-labels", v)),
            get("cluster-domain", defaults.clusterDomain(), Function.identity()));
    OperatorSettings.Boundaries boundaries = boundaries();
    worker = worker.withEgress(egress(boundaries));
    worker = worker.withGatewayJwks(get("gateway-jwks-url", null, GatewayJwks::parse));
    OperatorSettings.LeaseSettings leaseDefaults = OperatorSettings.LeaseSettings.defaults();
    OperatorSettings.LeaseSettings lease =
        new OperatorSettings.LeaseSettings(
            get("lease-name", leaseDefaults.name(), Function.identity()),
            get("lease-duration", leaseDefaults.duration(), v -> duration("lease-duration", v)),
            get(
                "lease-renew-deadline",
                leaseDefaults.renewDeadline(),
                v -> duration("lease-renew-deadline", v)),
            get(
                "lease-retry-period",
                leaseDefaults.retryPeriod(),
                v -> duration("lease-retry-period", v)),
            true);
    String identity =
        get(
            "identity",
            env.getOrDefault("HOSTNAME", "toolgate-operator-" + UUID.randomUUID()),
            Function.identity());
    return new OperatorSettings(
        namespace,
        get("watch-namespaces", Set.of(), SettingsParser::list),
        worker,
        auth(worker.clusterDomain()),
        get("leader-election", true, v -> bool("leader-election", v)),
        lease,
        get("http-port", 8081, v -> port("http-port", v)),
        identity,
        get("cilium-recheck", Duration.ofSeconds(60), v -> duration("cilium-recheck", v)),
        boundaries,
        get("mcpgateway", ToolgateNames.DEFAULT_MCPGATEWAY, Function.identity()),
        get("redaction-key-file", null, v -> Path.of(v.trim())));
  }

  /** The egress deny list from its own setting and the cluster's ranges. */
  private EgressBoundary egress(OperatorSettings.Boundaries boundaries) {
    try {
      return EgressBoundary.builder()
          .deny(
              get("egress-deny-cidrs", EgressBoundary.DEFAULT_DENY, v -> List.copyOf(list(v))),
              "denied by the platform (--egress-deny-cidrs)")
          .deny(boundaries.serviceCidrs(), "the cluster's Service range")
          .deny(boundaries.podCidrs(), "the cluster's Pod range")
          .build(get("egress-allow-any", false, v -> bool("egress-allow-any", v)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("egress-deny-cidrs: " + e.getMessage());
    }
  }

  private OperatorSettings.Boundaries boundaries() {
    OperatorSettings.Boundaries defaults = OperatorSettings.Boundaries.defaults();
    long perNamespace =
        get(
            "config-budget-per-namespace",
            defaults.configBudget().perNamespace(),
            v -> bytes("config-budget-per-namespace", v));
    long total =
        get(
            "config-budget-total",
            defaults.configBudget().total(),
            v -> bytes("config-budget-total", v));
    ConfigBudget budget;
    try {
      budget = new ConfigBudget(perNamespace, total);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("config-budget-total: " + e.getMessage());
    }
    OperatorSettings.Boundaries boundaries =
        new OperatorSettings.Boundaries(
            get("service-cidrs", defaults.serviceCidrs(), v -> List.copyOf(list(v))),
            get("pod-cidrs", defaults.podCidrs(), v -> List.copyOf(list(v))),
            get("remote-url-allow", defaults.remoteUrlAllow(), v -> List.copyOf(list(v))),
            get(
                "max-tool-timeout",
                defaults.maxToolTimeout(),
                v -> positive("max-tool-timeout", duration("max-tool-timeout", v))),
            budget);
    try {
      UpstreamAddressPolicy.strict(
          "cluster.local",
          boundaries.serviceCidrs(),
          boundaries.podCidrs(),
          boundaries.remoteUrlAllow());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "service-cidrs, pod-cidrs or remote-url-allow: " + e.getMessage());
    }
    return boundaries;
  }

  private static Duration positive(String name, Duration value) {
    if (value.isZero()) {
      throw new IllegalArgumentException(name + ": must be longer than zero");
    }
    return value;
  }

  /** A byte count: digits with an optional Ki or Mi suffix. */
  private static long bytes(String name, String value) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("([0-9]{1,9})(Ki|Mi)?").matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          name + ": '" + value + "' is not a byte count like 262144, 256Ki or 1Mi");
    }
    long number = Long.parseLong(m.group(1));
    return m.group(2) == null ? number : number * (m.group(2).equals("Ki") ? 1024 : 1024 * 1024);
  }

  private AuthConfig auth(String clusterDomain) {
    List<IssuerConfig> issuers = new ArrayList<>();
    String issuer = values.get("auth-issuer");
    if (issuer != null && !issuer.isBlank()) {
      issuers.add(
          new IssuerConfig(
              issuer,
              values.get("auth-jwks-uri"),
              get("auth-algorithms", List.of(), v -> List.copyOf(list(v))),
              null));
    }
    String more = values.get("auth-issuers");
    if (more != null && !more.isBlank()) {
      try {
        issuers.addAll(
            JSON.readValue(
                more, new com.fasterxml.jackson.core.type.TypeReference<List<IssuerConfig>>() {}));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException(
            "auth-issuers: expected a JSON list like [{\"issuer\":\"https://idp.example.com\"}]: "
                + e.getOriginalMessage());
      }
    }
    String kubernetes = values.get("auth-kubernetes-issuer");
    if (kubernetes != null && !kubernetes.isBlank()) {
      issuers.add(kubernetesIssuer(kubernetes, clusterDomain));
    }
    if (issuers.isEmpty()) {
      for (String name : List.of("auth-audience", "auth-jwks-uri", "auth-algorithms")) {
        if (values.containsKey(name)) {
          throw new IllegalArgumentException(
              name
                  + ": needs a trusted issuer (--auth-issuer, --auth-issuers or"
                  + " --auth-kubernetes-issuer)");
        }
      }
      return null;
    }
    AuthConfig auth =
        new AuthConfig(
            null,
            null,
            values.get("auth-audience"),
            null,
            get("auth-max-token-lifetime", null, Function.identity()),
            issuers,
            get("auth-groups-claim", null, Function.identity()),
            get("auth-clock-skew", null, Function.identity()));
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

  private <T> T get(String name, T fallback, Function<String, T> parse) {
    String value = values.get(name);
    return value == null || value.isEmpty() ? fallback : parse.apply(value);
  }

  private static Set<String> list(String value) {
    Set<String> items = new LinkedHashSet<>();
    Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(items::add);
    return items;
  }

  private static Map<String, String> labels(String name, String value) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String pair : list(value)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(name + ": '" + pair + "' is not key=value");
      }
      labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return labels;
  }

  private static boolean bool(String name, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(name + ": '" + value + "' is not true or false");
    };
  }

  private static int port(String name, String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": '" + value + "' is not a port");
    }
  }

  private static Duration duration(String name, String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          name + ": '" + value + "' is not a duration like 30s or 1m");
    }
  }
}
