package dev.toolgate.bench;

import dev.toolgate.testing.auth.AuthorizationServerProcess;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jetty.client.HttpClient;

/**
 * The processes a gateway benchmark drives: the test authorization server, the bench worker and the
 * packaged gateway configured as {@link GatewayBench} configures it, started in that order and
 * stopped in reverse; ready once the gateway routes the bench's tools.
 */
record GatewayRig(
    AuthorizationServerProcess issuer, TraceCollector traces, ChildJvm worker, ChildJvm gateway)
    implements AutoCloseable {

  /** Starts the three; {@code gatewayFlags} are added to the gateway's command line. */
  static GatewayRig start(Path work, HttpClient http, List<String> gatewayFlags) throws Exception {
    AuthorizationServerProcess issuer = GatewayBench.startIssuer(work);
    TraceCollector traces = null;
    ChildJvm worker = null;
    ChildJvm gateway = null;
    try {
      traces = TraceCollector.start(work);
      worker =
          ChildJvm.start(
              BenchWorker.class.getName(),
              GatewayBench.workerJvm(),
              List.of("0"),
              work.resolve("worker.log"));
      gateway =
          GatewayBench.startGateway(
              worker.url(),
              work,
              "gateway",
              RepoPaths.jar("gateway", "toolgate-gateway.jar"),
              issuer,
              gatewayFlags,
              traces);
      GatewayRig rig = new GatewayRig(issuer, traces, worker, gateway);
      URI aggregated = rig.aggregated();
      GatewayBench.awaitRoutable(http, aggregated, rig.tokens().headers(aggregated));
      return rig;
    } catch (Exception e) {
      if (gateway != null) {
        gateway.close();
      }
      if (worker != null) {
        worker.close();
      }
      if (traces != null) {
        traces.close();
      }
      issuer.close();
      throw e;
    }
  }

  URI aggregated() {
    return URI.create(gateway.url() + "/mcp");
  }

  GatewayBench.Tokens tokens() {
    return new GatewayBench.Tokens(issuer);
  }

  @Override
  public void close() throws InterruptedException {
    try {
      gateway.close();
      worker.close();
      if (traces != null) {
        traces.close();
      }
    } finally {
      issuer.close();
    }
  }
}
