package dev.toolgate.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.UpstreamConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerAddressesTest {

  private static UpstreamConfig upstream(String name, String prefix) {
    return new UpstreamConfig(
        "tools/" + name,
        "http://" + name + ":8080/mcp",
        "/mcp/tools/tools/" + name,
        prefix,
        true,
        "20s",
        List.of(),
        null);
  }

  private static final UpstreamConfig FILES = upstream("files", "files");
  private static final UpstreamConfig ODD = upstream("odd", "Odd Prefix");
  private static final RoutingTable TABLE =
      RoutingTable.build(
          new GatewayConfig(
              GatewayConfig.CURRENT_VERSION,
              null,
              List.of(FILES, ODD, upstream("again", "files")),
              List.of()),
          Map.of(),
          RoutingTable.MAX_TIMEOUT);

  @Test
  void aResourceUriWrapsTheWorkersUriWholeAndUnwrapsToIt() {
    for (String uri :
        List.of(
            "file:///etc/hosts",
            "test://template/{id}/data",
            "https://example.com/a?b=c#d",
            "toolgate://files/nested")) {
      String wrapped = WorkerAddresses.resourceUri(FILES, uri);
      assertThat(wrapped).isEqualTo("toolgate://files/" + uri);
      assertThat(WorkerAddresses.resource(TABLE, wrapped))
          .hasValue(new WorkerAddresses.Addressed(FILES, uri));
    }
  }

  @Test
  void aPrefixAUriAuthorityCannotHoldIsPercentEncodedAndStillFound() {
    String wrapped = WorkerAddresses.resourceUri(ODD, "x://y");
    assertThat(wrapped).isEqualTo("toolgate://Odd+Prefix/x://y");
    assertThat(WorkerAddresses.resource(TABLE, wrapped))
        .hasValue(new WorkerAddresses.Addressed(ODD, "x://y"));
  }

  @Test
  void theFirstUpstreamInConfigOrderOwnsARepeatedPrefix() {
    assertThat(WorkerAddresses.resource(TABLE, "toolgate://files/a://b").orElseThrow().upstream())
        .isEqualTo(FILES);
    assertThat(WorkerAddresses.prompt(TABLE, "files.p").orElseThrow().upstream()).isEqualTo(FILES);
  }

  @Test
  void aPromptNameIsPrefixDotName() {
    assertThat(WorkerAddresses.promptName(FILES, "summarize")).isEqualTo("files.summarize");
    assertThat(WorkerAddresses.prompt(TABLE, "files.summarize.long"))
        .hasValue(new WorkerAddresses.Addressed(FILES, "summarize.long"));
  }

  @Test
  void namesAndUrisWithoutAKnownPrefixResolveToNothing() {
    for (String uri :
        List.of(
            "file:///etc/hosts",
            "toolgate://unknown/file:///etc/hosts",
            "toolgate://files",
            "toolgate://files/",
            "toolgate://%zz/x",
            "TOOLGATE://files/x",
            "")) {
      assertThat(WorkerAddresses.resource(TABLE, uri)).as(uri).isEmpty();
    }
    assertThat(WorkerAddresses.resource(TABLE, null)).isEmpty();
    for (String name : List.of("summarize", "unknown.summarize", ".x", "files.", "")) {
      assertThat(WorkerAddresses.prompt(TABLE, name)).as(name).isEmpty();
    }
    assertThat(WorkerAddresses.prompt(TABLE, null)).isEmpty();
  }
}
