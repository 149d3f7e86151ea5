package dev.toolgate.api.config;

import dev.toolgate.api.ToolgateNames;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the gateway may send MCP requests, so that an McpTool (or a forged config) cannot make it a
 * proxy into the cluster or the cloud account: a remote server may not be on a loopback,
 * link-local, unspecified, multicast or metadata address, in the cluster's Service or Pod ranges,
 * the API server, or a cluster DNS name; a worker must be exactly the Service URL the operator
 * generates for its id. Pure: it reads the URL as an HTTP client would and resolves nothing, so a
 * name is judged by its spelling (DNS rebinding is the gateway's concern when it connects).
 */
public final class UpstreamAddressPolicy {

  /** Service range of a kubeadm cluster; set your cluster's own. */
  public static final List<String> DEFAULT_SERVICE_CIDRS = List.of("10.96.0.0/12");

  /**
   * Pod ranges differ by CNI, so the default is every private range (RFC 1918, carrier-grade NAT,
   * IPv6 unique local); narrow it to allow remote servers at other private addresses.
   */
  public static final List<String> DEFAULT_POD_CIDRS =
      List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7");

  private static final List<Rule> ADDRESS_RULES =
      List.of(
          rule("169.254.169.254", "a cloud metadata address"),
          rule("fd00:ec2::254", "a cloud metadata address"),
          rule("100.100.100.200", "a cloud metadata address"),
          rule("168.63.129.16", "a cloud platform address (Azure)"),
          rule("0.0.0.0/8", "an unspecified address"),
          rule("::/128", "an unspecified address"),
          rule("127.0.0.0/8", "a loopback address"),
          rule("::1/128", "a loopback address"),
          rule("169.254.0.0/16", "a link-local address"),
          rule("fe80::/10", "a link-local address"),
          rule("fec0::/10", "a site-local address"),
          rule("192.0.0.0/24", "an IETF protocol address"),
          rule("224.0.0.0/4", "a multicast address"),
          rule("ff00::/8", "a multicast address"),
          rule("240.0.0.0/4", "a reserved address"),
          rule("2001::/32", "a Teredo address, which hides the IPv4 address it reaches"));

  /** IPv6 forms that carry an IPv4 address, and where in the 16 bytes it sits. */
  private static final List<Embedding> EMBEDDINGS =
      List.of(
          new Embedding(IpAddresses.range("::ffff:0:0/96"), 12),
          new Embedding(IpAddresses.range("::/96"), 12),
          new Embedding(IpAddresses.range("::ffff:0:0:0/96"), 12),
          new Embedding(IpAddresses.range("64:ff9b::/96"), 12),
          new Embedding(IpAddresses.range("64:ff9b:1::/48"), 12),
          new Embedding(IpAddresses.range("2002::/16"), 2));

  private static final Set<String> LOOPBACK_NAMES =
      Set.of("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback");
  private static final Set<String> METADATA_NAMES =
      Set.of(
          "metadata",
          "metadata.google.internal",
          "metadata.goog",
          "instance-data",
          "instance-data.ec2.internal");
  private static final Set<String> API_SERVER_NAMES =
      Set.of("kubernetes", "kubernetes.default", "kubernetes.default.svc");

  private final boolean enforced;
  private final String clusterDomain;
  private final List<Rule> clusterRanges;
  private final Set<String> allowedHosts;
  private final List<IpAddresses.Range> allowedRanges;

  private UpstreamAddressPolicy(
      boolean enforced,
      String clusterDomain,
      List<Rule> clusterRanges,
      Set<String> allowedHosts,
      List<IpAddresses.Range> allowedRanges) {
    this.enforced = enforced;
    this.clusterDomain = clusterDomain;
    this.clusterRanges = List.copyOf(clusterRanges);
    this.allowedHosts = Set.copyOf(allowedHosts);
    this.allowedRanges = List.copyOf(allowedRanges);
  }

  /**
   * The policy for a cluster.
   *
   * @param clusterDomain the cluster's DNS domain, for example {@code cluster.local}
   * @param serviceCidrs the cluster's Service ranges
   * @param podCidrs the cluster's Pod ranges
   * @param allow hosts (exact names) and addresses or CIDRs that remote servers may use despite the
   *     rules
   * @throws IllegalArgumentException naming an entry that is not a CIDR, address or host name
   */
  public static UpstreamAddressPolicy strict(
      String clusterDomain,
      Collection<String> serviceCidrs,
      Collection<String> podCidrs,
      Collection<String> allow) {
    List<Rule> ranges = new ArrayList<>();
    serviceCidrs.forEach(
        c -> ranges.add(new Rule(IpAddresses.range(c), "in the cluster's Service range " + c)));
    podCidrs.forEach(
        c -> ranges.add(new Rule(IpAddresses.range(c), "in the cluster's Pod range " + c)));
    Set<String> hosts = new TreeSet<>();
    List<IpAddresses.Range> allowedRanges = new ArrayList<>();
    for (String entry : allow) {
      String value = entry.trim().toLowerCase(Locale.ROOT);
      if (value.contains("/") || value.contains(":") || IpAddresses.looksLikeIpv4(value)) {
        allowedRanges.add(IpAddresses.range(value));
      } else if (value.matches("[a-z0-9_-]+(\\.[a-z0-9_-]+)*\\.?")) {
        hosts.add(value.endsWith(".") ? value.substring(0, value.length() - 1) : value);
      } else {
        throw new IllegalArgumentException("'" + entry + "' is not a host name, address or CIDR");
      }
    }
    return new UpstreamAddressPolicy(
        true, normalizeDomain(clusterDomain), ranges, hosts, allowedRanges);
  }

  /** The strict policy with the default ranges and nothing allow-listed. */
  public static UpstreamAddressPolicy strict(String clusterDomain) {
    return strict(clusterDomain, DEFAULT_SERVICE_CIDRS, DEFAULT_POD_CIDRS, List.of());
  }

  /**
   * Dev mode: any http(s) URL for any upstream, as local workers listen on loopback. Never for a
   * config that comes from a cluster.
   */
  public static UpstreamAddressPolicy permissive() {
    return new UpstreamAddressPolicy(false, "cluster.local", List.of(), Set.of(), List.of());
  }

  public boolean isEnforced() {
    return enforced;
  }

  public String clusterDomain() {
    return clusterDomain;
  }

  /**
   * Checks the URL of a server outside the cluster.
   *
   * @return why the gateway may not call it, or empty when it may
   */
  public Optional<String> checkRemote(String url) {
    Parsed parsed;
    try {
      parsed = Parsed.of(url);
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    if (!enforced) {
      return Optional.empty();
    }
    return parsed.address == null ? checkName(parsed.host) : checkAddress(parsed.address);
  }

  /**
   * Checks a worker's URL: it must be the Service URL the operator generates for the McpTool {@code
   * id}, so a config cannot point one tenant's worker id at another's server.
   *
   * @return why it is not, or empty when it is
   */
  public Optional<String> checkWorker(String id, String url) {
    Parsed parsed;
    try {
      parsed = Parsed.of(url);
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    if (!enforced) {
      return Optional.empty();
    }
    int slash = id.indexOf('/');
    String expected =
        ToolgateNames.workerUrl(
            id.substring(0, slash),
            id.substring(slash + 1),
            parsed.port,
            parsed.uri.getRawPath(),
            clusterDomain);
    if (parsed.port < 0 || !"http".equals(parsed.uri.getScheme()) || !expected.equals(url)) {
      return Optional.of(
          "a worker is reached only at its own Service, "
              + ToolgateNames.workerUrl(
                  id.substring(0, slash),
                  id.substring(slash + 1),
                  parsed.port < 0 ? ToolgateNames.DEFAULT_PORT : parsed.port,
                  "<path>",
                  clusterDomain)
              + "; got "
              + url);
    }
    return Optional.empty();
  }

  private Optional<String> checkName(String host) {
    if (allowedHosts.contains(host)) {
      return Optional.empty();
    }
    String what = null;
    if (LOOPBACK_NAMES.contains(host) || host.endsWith(".localhost")) {
      what = "a loopback name";
    } else if (METADATA_NAMES.contains(host) || host.endsWith(".metadata.google.internal")) {
      what = "a cloud metadata name";
    } else if (API_SERVER_NAMES.contains(host)
        || host.equals("kubernetes.default.svc." + clusterDomain)) {
      what = "the Kubernetes API server";
    } else if (host.equals("svc")
        || host.endsWith(".svc")
        || isInDomain(host, "cluster.local")
        || isInDomain(host, clusterDomain)) {
      what = "a cluster DNS name (*.svc, *.cluster.local, *.svc." + clusterDomain + ")";
    } else if (!host.contains(".")) {
      what =
          "a single-label name, which resolves through the cluster's DNS search path to a"
              + " Service";
    }
    return what == null ? Optional.empty() : Optional.of(refusal(host, what));
  }

  private static boolean isInDomain(String host, String domain) {
    return host.equals(domain) || host.endsWith("." + domain);
  }

  private Optional<String> checkAddress(byte[] address) {
    if (isAllowed(address)) {
      return Optional.empty();
    }
    String shown = IpAddresses.format(address);
    for (Rule rule : ADDRESS_RULES) {
      if (rule.range.contains(address)) {
        return Optional.of(refusal(shown, rule.what));
      }
    }
    if (address.length == 16) {
      for (Embedding embedding : EMBEDDINGS) {
        if (embedding.range.contains(address)) {
          byte[] v4 = new byte[4];
          System.arraycopy(address, embedding.offset, v4, 0, 4);
          return checkAddress(v4)
              .map(problem -> shown + " carries IPv4 " + IpAddresses.format(v4) + ": " + problem);
        }
      }
    }
    for (Rule rule : clusterRanges) {
      if (rule.range.contains(address)) {
        return Optional.of(refusal(shown, rule.what));
      }
    }
    return Optional.empty();
  }

  private boolean isAllowed(byte[] address) {
    return allowedRanges.stream().anyMatch(range -> range.contains(address));
  }

  private static String refusal(String host, String what) {
    return host
        + " is "
        + what
        + "; the gateway does not call it (an operator allow-list entry can permit it)";
  }

  private static String normalizeDomain(String domain) {
    String lower = domain.trim().toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  private static Rule rule(String cidr, String what) {
    return new Rule(IpAddresses.range(cidr), what);
  }

  private record Rule(IpAddresses.Range range, String what) {}

  private record Embedding(IpAddresses.Range range, int offset) {}

  /** A URL read as an HTTP client reads it: scheme, host (name or address) and port. */
  private record Parsed(URI uri, String host, byte[] address, int port) {

    static Parsed of(String url) {
      if (url == null) {
        throw new IllegalArgumentException("no URL");
      }
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("'" + url + "' is not a URL");
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException("'" + url + "' is not an http(s) URL");
      }
      String authority = uri.getRawAuthority();
      if (authority == null || authority.isEmpty()) {
        throw new IllegalArgumentException("'" + url + "' has no host");
      }
      if (authority.contains("@")) {
        throw new IllegalArgumentException(
            "'" + url + "' carries user info (user@host), which can disguise the host it reaches");
      }
      String host;
      int port = -1;
      if (authority.startsWith("[")) {
        int close = authority.indexOf(']');
        if (close < 0) {
          throw new IllegalArgumentException("'" + url + "' has an unterminated IPv6 address");
        }
        host = authority.substring(1, close);
        port = port(url, authority.substring(close + 1));
        byte[] address =
            IpAddresses.ipv6(host)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "'" + url + "' has an IPv6 address Toolgate cannot read"));
        return new Parsed(uri, host.toLowerCase(Locale.ROOT), address, port);
      }
      int colon = authority.lastIndexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
      port = colon < 0 ? -1 : port(url, authority.substring(colon));
      host = host.toLowerCase(Locale.ROOT);
      if (host.endsWith(".")) {
        host = host.substring(0, host.length() - 1);
      }
      if (!host.matches("[a-z0-9_-]+(\\.[a-z0-9_-]+)*")) {
        throw new IllegalArgumentException(
            "'" + url + "' has a host that is not a plain DNS name or IP address");
      }
      if (IpAddresses.looksLikeIpv4(host)) {
        byte[] address =
            IpAddresses.lenientIpv4(host)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "'" + url + "' has a numeric host that is not an IPv4 address"));
        return new Parsed(uri, host, address, port);
      }
      return new Parsed(uri, host, null, port);
    }

    private static int port(String url, String suffix) {
      if (suffix.isEmpty() || suffix.equals(":")) {
        return -1;
      }
      if (!suffix.matches(":[0-9]{1,5}") || Integer.parseInt(suffix.substring(1)) > 65535) {
        throw new IllegalArgumentException("'" + url + "' has an invalid port");
      }
      return Integer.parseInt(suffix.substring(1));
    }
  }
}
