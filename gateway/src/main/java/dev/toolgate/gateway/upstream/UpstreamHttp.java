package dev.toolgate.gateway.upstream;

import dev.toolgate.gateway.protocol.McpHeaders;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.AbstractConnectionPool;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The pooled HTTP/1.1 clients to workers (Jetty's, measured faster here than {@code
 * java.net.http}). Builds worker requests carrying only what {@link ForwardedHeaders} allows. Calls
 * and long-lived GET streams use separate pools, so streams a client abandoned can never take the
 * connections that calls need.
 */
public final class UpstreamHttp implements AutoCloseable {

  /** Long enough for an idle SSE stream between a worker's keep-alives. */
  private static final Duration STREAM_IDLE_TIMEOUT = Duration.ofMinutes(10);

  private static final Duration IDLE_MARGIN = Duration.ofSeconds(5);

  private final HttpClient client;
  private final HttpClient streams;
  private final Duration maxStreamLifetime;

  /**
   * @param maxCallTimeout the longest timeout any call may have; a connection's idle timeout is
   *     this long, so a worker may stay silent for a whole call. It is not set per request: Jetty
   *     restores a connection's idle timeout after every exchange that changed it, rescheduling its
   *     idle timer each time, which measurably raised the 99th percentile of every call.
   *     Connections a worker closes while pooled are noticed by the client, and a call that meets
   *     one in the instant before is sent again (see {@link StaleConnections}).
   * @param maxConnectionsPerWorker the pool size for calls per worker address
   * @param maxStreamsPerWorker the pool size for GET streams per worker address
   * @param maxStreamLifetime how long one GET stream may stay open
   */
  public UpstreamHttp(
      Duration maxCallTimeout,
      int maxConnectionsPerWorker,
      int maxStreamsPerWorker,
      Duration maxStreamLifetime)
      throws Exception {
    this.maxStreamLifetime = maxStreamLifetime;
    // The margin lets a call's own timeout fire first, so its error names the configured timeout.
    client = newClient("upstream-http", maxCallTimeout.plus(IDLE_MARGIN), maxConnectionsPerWorker);
    // The slots of StreamSlots are the cap; the pool has room beyond it for connections that are
    // still closing, so a stream within the cap never waits for one.
    streams = newClient("upstream-streams", STREAM_IDLE_TIMEOUT, maxStreamsPerWorker + 32);
  }

  /** Connections of a pool, all worker addresses together. */
  public record PoolCounts(int active, int idle, int pending) {}

  /** The connections of the call pool, for metrics. */
  public PoolCounts callConnections() {
    return counts(client);
  }

  /** The connections of the GET stream pool, for metrics. */
  public PoolCounts streamConnections() {
    return counts(streams);
  }

  private static PoolCounts counts(HttpClient http) {
    int active = 0;
    int idle = 0;
    int pending = 0;
    for (Destination destination : http.getDestinations()) {
      if (destination.getConnectionPool() instanceof AbstractConnectionPool pool) {
        active += pool.getActiveConnectionCount();
        idle += pool.getIdleConnectionCount();
        pending += pool.getPendingConnectionCount();
      }
    }
    return new PoolCounts(active, idle, pending);
  }

  private static HttpClient newClient(String name, Duration idleTimeout, int maxConnections)
      throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName(name);
    threads.setDaemon(true);
    // Every listener the gateway gives this client only queues asynchronous writes to the client
    // response (see UpstreamRelay), and blocking sends run on virtual threads. Declaring that lets
    // Jetty handle a worker's response on the selector thread that read it, instead of waking a
    // pool thread for every response (a futex wake-up and a context switch per call).
    HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP();
    transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
    HttpClient client = new HttpClient(transport);
    client.setExecutor(threads);
    client.setIdleTimeout(idleTimeout.toMillis());
    client.setConnectTimeout(5_000);
    client.setMaxConnectionsPerDestination(maxConnections);
    client.setFollowRedirects(false);
    client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "toolgate-gateway"));
    // Bytes are relayed as the worker sent them; the gateway never decodes or re-encodes bodies.
    client.getContentDecoderFactories().clear();
    client.start();
    return client;
  }

  /** A POST of one JSON-RPC message. */
  public Request post(
      URI url, byte[] body, String upstreamSessionId, ForwardedHeaders headers, Duration timeout) {
    return client
        .newRequest(url)
        .method(HttpMethod.POST)
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .headers(
            h -> {
              h.put(HttpHeader.ACCEPT, McpHeaders.JSON + ", " + McpHeaders.EVENT_STREAM);
              putSession(h, upstreamSessionId);
              headers.applyTo(h);
            })
        .body(new BytesRequestContent(McpHeaders.JSON, body));
  }

  /**
   * The GET that opens a worker's server-to-client stream, on the stream pool; it ends after the
   * maximum stream lifetime (the client reconnects, resuming with {@code Last-Event-ID}).
   */
  public Request openStream(URI url, String upstreamSessionId, ForwardedHeaders headers) {
    return streams
        .newRequest(url)
        .method(HttpMethod.GET)
        .timeout(maxStreamLifetime.toMillis(), TimeUnit.MILLISECONDS)
        .headers(
            h -> {
              h.put(HttpHeader.ACCEPT, McpHeaders.EVENT_STREAM);
              putSession(h, upstreamSessionId);
              headers.applyTo(h);
            });
  }

  /** The DELETE that ends a worker session. */
  public Request delete(URI url, String upstreamSessionId, ForwardedHeaders headers) {
    return client
        .newRequest(url)
        .method(HttpMethod.DELETE)
        .timeout(5, TimeUnit.SECONDS)
        .headers(
            h -> {
              putSession(h, upstreamSessionId);
              headers.applyTo(h);
            });
  }

  private static void putSession(org.eclipse.jetty.http.HttpFields.Mutable h, String sessionId) {
    if (sessionId != null) {
      h.put(McpHeaders.SESSION_ID, sessionId);
    }
  }

  @Override
  public void close() throws Exception {
    streams.stop();
    client.stop();
  }
}
