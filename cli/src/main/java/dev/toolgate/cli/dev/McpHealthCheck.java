package dev.toolgate.cli.dev;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * A worker is healthy when it answers an MCP {@code initialize} over Streamable HTTP with 200: the
 * port being open is not enough (an SDK binds before it serves).
 */
public final class McpHealthCheck {

  private static final String INITIALIZE =
      """
      {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",\
      "capabilities":{},"clientInfo":{"name":"toolgate-dev-health","version":"1"}}}""";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** One attempt. */
  public boolean isHealthy(String url) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(5))
              .header("Content-Type", "application/json")
              .header("Accept", "application/json, text/event-stream")
              .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE))
              .build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Waits until the worker answers, its process ends, or the timeout passes.
   *
   * @throws IllegalStateException saying which, with the end of the worker's log
   */
  public void awaitHealthy(LocalWorker worker, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!worker.isAlive()) {
        throw new IllegalStateException(
            worker.mcpTool()
                + ": the worker exited before answering; its log ("
                + worker.log()
                + ") ends:\n"
                + worker.tail(15));
      }
      if (isHealthy(worker.url())) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        worker.mcpTool()
            + ": no MCP answer at "
            + worker.url()
            + " within "
            + timeout.toSeconds()
            + " s; its log ("
            + worker.log()
            + ") ends:\n"
            + worker.tail(15));
  }
}
