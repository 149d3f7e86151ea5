package dev.toolgate.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UpstreamAddressPolicyTest {

  private static final UpstreamAddressPolicy STRICT = UpstreamAddressPolicy.strict("cluster.local");

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // cloud metadata, in every spelling an HTTP client accepts
        "http://169.254.169.254/latest/meta-data/ | cloud metadata",
        "http://2852039166/ | cloud metadata",
        "http://0xA9FEA9FE/ | cloud metadata",
        "http://0xa9.0xfe.0xa9.0xfe/ | cloud metadata",
        "http://0251.0376.0251.0376/ | cloud metadata",
        "http://169.254.43518/ | cloud metadata",
        "http://169.16689662/ | cloud metadata",
        "http://[::ffff:169.254.169.254]/ | cloud metadata",
        "http://[::ffff:a9fe:a9fe]/ | cloud metadata",
        "http://[0:0:0:0:0:ffff:169.254.169.254]/ | cloud metadata",
        "http://[64:ff9b::169.254.169.254]/ | cloud metadata",
        "http://[2002:a9fe:a9fe::1]/ | cloud metadata",
        "http://[fd00:ec2::254]/ | cloud metadata",
        "http://[FD00:EC2:0:0:0:0:0:254]/ | cloud metadata",
        "http://100.100.100.200/ | cloud metadata",
        "http://metadata.google.internal/computeMetadata/v1/ | cloud metadata",
        "http://METADATA.GOOGLE.INTERNAL./ | cloud metadata",
        "http://instance-data.ec2.internal/ | cloud metadata",
        "http://good.example@169.254.169.254/ | user info",
        "http://169.254.169.254:80@good.example/ | user info",
        // link-local, loopback, unspecified
        "http://169.254.1.1/ | link-local",
        "http://[fe80::1]/ | link-local",
        "http://127.0.0.1:8080/mcp | loopback",
        "http://127.1/ | loopback",
        "http://2130706433/ | loopback",
        "http://0x7f000001/ | loopback",
        "http://017700000001/ | loopback",
        "http://[::1]/ | loopback",
        "http://[::ffff:127.0.0.1]/ | loopback",
        "http://[::127.0.0.1]/ | loopback",
        "http://localhost/ | loopback",
        "HTTP://LOCALHOST:8080/ | loopback",
        "http://localhost./ | loopback",
        "http://evil.localhost/ | loopback",
        "http://0.0.0.0/ | unspecified",
        "http://0/ | unspecified",
        "http://[::]/ | unspecified",
        // the API server and cluster DNS names
        "https://kubernetes/ | API server",
        "https://kubernetes.default/ | API server",
        "https://kubernetes.default.svc/ | API server",
        "https://kubernetes.default.svc.cluster.local/ | API server",
        "https://kubernetes.default.svc.cluster.local./ | API server",
        "https://KUBERNETES.Default.SVC/ | API server",
        "http://billing.tools.svc/mcp | cluster DNS name",
        "http://billing.tools.svc.cluster.local:8080/mcp | cluster DNS name",
        "http://billing.tools.svc.cluster.local.:8080/mcp | cluster DNS name",
        "http://anything.cluster.local/ | cluster DNS name",
        "http://billing/ | single-label",
        // cluster ranges (defaults)
        "http://10.96.0.1/ | Service range 10.96.0.0/12",
        "http://10.244.1.7:8080/mcp | Pod range 10.0.0.0/8",
        "http://192.168.1.10/ | Pod range 192.168.0.0/16",
        "http://[fd12:3456::1]/ | Pod range fc00::/7",
        // what a parser might read differently
        "ftp://mcp.example.com/ | not an http(s) URL",
        "file:///etc/passwd | not an http(s) URL",
        "gopher://mcp.example.com/ | not an http(s) URL",
        "http://[fe80::1%25eth0]/ | IPv6 address",
        "http://%6c%6fcalhost/ | not a plain DNS name",
        "http://1.2.3.4.5/ | not an IPv4 address",
        "http://256.1.1.1/ | not an IPv4 address",
        "http://0x1ffffffff/ | not an IPv4 address",
        "http://mcp.example.com:99999/ | invalid port",
        "http://224.0.0.1/ | multicast",
        "http://255.255.255.255/ | reserved",
        "http://[2001::a9fe:a9fe]/ | Teredo",
      })
  void refusesAddressesInsideTheClusterOrTheCloudAccount(String url, String why) {
    assertThat(STRICT.checkRemote(url.trim())).hasValueSatisfying(p -> assertThat(p).contains(why));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://mcp.example.com/mcp",
        "https://MCP.Example.COM./mcp",
        "http://mcp.example.com:8443/mcp?x=1",
        "https://8.8.8.8/mcp",
        "https://[2606:4700::1111]/mcp",
        "https://svc.example.com/mcp",
        "https://api.svc.example.com/mcp",
        "https://172.32.0.1/mcp",
      })
  void allowsServersOnThePublicInternet(String url) {
    assertThat(STRICT.checkRemote(url)).isEmpty();
  }

  @Test
  void anAllowListEntryPermitsThatHostOrRangeAndNothingElse() {
    UpstreamAddressPolicy policy =
        UpstreamAddressPolicy.strict(
            "cluster.local",
            UpstreamAddressPolicy.DEFAULT_SERVICE_CIDRS,
            UpstreamAddressPolicy.DEFAULT_POD_CIDRS,
            List.of("10.20.0.0/16", "Mcp.Tools.Svc.Cluster.Local.", "127.0.0.1"));

    assertThat(policy.checkRemote("http://10.20.3.4:8080/mcp")).isEmpty();
    assertThat(policy.checkRemote("http://mcp.tools.svc.cluster.local/mcp")).isEmpty();
    assertThat(policy.checkRemote("http://127.0.0.1:9101/mcp")).isEmpty();
    assertThat(policy.checkRemote("http://[::ffff:127.0.0.1]:9101/mcp")).isEmpty();
    assertThat(policy.checkRemote("http://10.21.0.1/mcp")).isPresent();
    assertThat(policy.checkRemote("http://other.tools.svc.cluster.local/mcp")).isPresent();
    assertThat(policy.checkRemote("http://127.0.0.2/mcp")).isPresent();
  }

  @Test
  void narrowedClusterRangesLetOtherPrivateAddressesThrough() {
    UpstreamAddressPolicy policy =
        UpstreamAddressPolicy.strict(
            "cluster.local", List.of("10.96.0.0/12"), List.of("10.244.0.0/16"), List.of());

    assertThat(policy.checkRemote("http://10.20.0.5/mcp")).isEmpty();
    assertThat(policy.checkRemote("http://10.244.0.5/mcp"))
        .hasValueSatisfying(p -> assertThat(p).contains("Pod range 10.244.0.0/16"));
    assertThat(policy.checkRemote("http://169.254.169.254/")).isPresent();
  }

  @Test
  void namesUnderTheConfiguredClusterDomainAreClusterNames() {
    UpstreamAddressPolicy policy = UpstreamAddressPolicy.strict("corp.internal");

    assertThat(policy.checkRemote("http://billing.tools.svc.corp.internal/mcp")).isPresent();
    assertThat(policy.checkRemote("http://kubernetes.default.svc.corp.internal/")).isPresent();
    assertThat(policy.checkRemote("http://billing.tools.svc.cluster.local/mcp")).isPresent();
  }

  @Test
  void rejectsAllowListEntriesThatAreNeitherHostNorCidr() {
    assertThatThrownBy(
            () ->
                UpstreamAddressPolicy.strict(
                    "cluster.local", List.of(), List.of(), List.of("http://x.example/")))
        .hasMessageContaining("http://x.example/");
    assertThatThrownBy(
            () ->
                UpstreamAddressPolicy.strict(
                    "cluster.local", List.of("10.0.0.0/33"), List.of(), List.of()))
        .hasMessageContaining("10.0.0.0/33");
  }

  @ParameterizedTest
  @CsvSource({
    "tools/billing, http://billing.tools.svc.cluster.local:8080/mcp",
    "tools/billing, http://billing.tools.svc.cluster.local:9000/rpc/v1",
  })
  void acceptsAWorkerAtItsOwnServiceUrl(String id, String url) {
    assertThat(STRICT.checkWorker(id, url)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "tools/billing, http://payroll.hr.svc.cluster.local:8080/mcp",
    "tools/billing, http://billing.tools.svc.cluster.local/mcp",
    "tools/billing, https://billing.tools.svc.cluster.local:8080/mcp",
    "tools/billing, http://billing.tools.svc.cluster.local:8080/mcp?x=1",
    "tools/billing, http://x@billing.tools.svc.cluster.local:8080/mcp",
    "tools/billing, http://127.0.0.1:9101/mcp",
    "tools/billing, http://169.254.169.254:80/mcp",
  })
  void refusesAWorkerIdPointedAnywhereButItsOwnService(String id, String url) {
    assertThat(STRICT.checkWorker(id, url)).isPresent();
  }

  @Test
  void devPolicyAcceptsLoopbackWorkersAndRemotesButStillOnlyHttp() {
    UpstreamAddressPolicy dev = UpstreamAddressPolicy.permissive();

    assertThat(dev.checkWorker("examples/conformance", "http://127.0.0.1:9101/mcp")).isEmpty();
    assertThat(dev.checkRemote("http://localhost:9101/mcp")).isEmpty();
    assertThat(dev.checkRemote("file:///etc/passwd")).isPresent();
    assertThat(dev.isEnforced()).isFalse();
  }
}
