package dev.toolgate.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.protocol.McpHeaders;
import dev.toolgate.gateway.protocol.ProtocolVersions;
import dev.toolgate.gateway.protocol.SseEvent;
import dev.toolgate.gateway.protocol.SseParser;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Opens a worker session for an aggregated client session: {@code initialize} with the client's own
 * capabilities and client info (so the worker knows whether it may ask for sampling or
 * elicitation), then {@code notifications/initialized}. It runs on the pooled hot-path client
 * because the calls that follow are forwarded as bytes under the session id it obtains.
 */
public final class UpstreamHandshake {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final UpstreamHttp http;
  private final Duration timeout;

  public UpstreamHandshake(UpstreamHttp http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  public UpstreamSession open(
      UpstreamConfig upstream, String clientInitializeParams, ForwardedHeaders headers)
      throws UpstreamException {
    URI url = URI.create(upstream.url());
    ObjectNode params;
    try {
      params =
          clientInitializeParams == null
              ? JSON.createObjectNode()
              : (ObjectNode) JSON.readTree(clientInitializeParams);
    } catch (IOException | ClassCastException e) {
      params = JSON.createObjectNode();
    }
    params.put("protocolVersion", ProtocolVersions.LATEST);
    if (!params.has("capabilities")) {
      params.set("capabilities", JSON.createObjectNode());
    }
    if (!params.has("clientInfo")) {
      params.set(
          "clientInfo",
          JSON.createObjectNode().put("name", "toolgate-gateway").put("version", "0.1.0"));
    }
    ObjectNode initialize = JSON.createObjectNode();
    initialize.put("jsonrpc", "2.0").put("id", "toolgate-initialize").put("method", "initialize");
    initialize.set("params", params);

    ContentResponse answer =
        send(upstream, url, bytes(initialize), null, headers.withProtocolVersion(null));
    if (answer.getStatus() / 100 != 2) {
      throw new UpstreamException(
          UpstreamFailure.badResponse(
              upstream.id(), "initialize answered HTTP " + answer.getStatus()));
    }
    String sessionId = answer.getHeaders().get(McpHeaders.SESSION_ID);
    JsonNode result = initializeResult(upstream, answer);
    String version = result.path("protocolVersion").asText(ProtocolVersions.LATEST);

    byte[] initialized =
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"
            .getBytes(StandardCharsets.UTF_8);
    ContentResponse ack =
        send(upstream, url, initialized, sessionId, headers.withProtocolVersion(version));
    if (ack.getStatus() / 100 != 2) {
      throw new UpstreamException(
          UpstreamFailure.badResponse(
              upstream.id(), "notifications/initialized answered HTTP " + ack.getStatus()));
    }
    return new UpstreamSession(url, upstream.id(), sessionId, version);
  }

  private ContentResponse send(
      UpstreamConfig upstream, URI url, byte[] body, String sessionId, ForwardedHeaders headers)
      throws UpstreamException {
    try {
      return http.post(url, body, sessionId, headers, timeout).send();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpstreamException(UpstreamFailure.of(upstream.id(), e, timeout.toMillis()));
    } catch (ExecutionException e) {
      throw new UpstreamException(
          UpstreamFailure.of(upstream.id(), e.getCause(), timeout.toMillis()));
    } catch (TimeoutException e) {
      throw new UpstreamException(UpstreamFailure.timeout(upstream.id(), timeout.toMillis()));
    }
  }

  private static JsonNode initializeResult(UpstreamConfig upstream, ContentResponse answer)
      throws UpstreamException {
    String type = answer.getHeaders().get(HttpHeader.CONTENT_TYPE);
    byte[] content = answer.getContent();
    List<String> candidates = new ArrayList<>();
    if (type != null && type.startsWith(McpHeaders.EVENT_STREAM)) {
      SseParser parser =
          new SseParser(
              (SseEvent e) -> {
                if (e.data() != null && !e.data().isBlank()) {
                  candidates.add(e.data());
                }
              },
              content.length + 1);
      parser.feed(ByteBuffer.wrap(content));
      parser.feed(ByteBuffer.wrap(new byte[] {'\n', '\n'}));
    } else {
      candidates.add(new String(content, StandardCharsets.UTF_8));
    }
    for (String candidate : candidates) {
      try {
        JsonNode message = JSON.readTree(candidate);
        if ("toolgate-initialize".equals(message.path("id").asText())) {
          if (message.has("error")) {
            throw new UpstreamException(
                UpstreamFailure.badResponse(
                    upstream.id(),
                    "initialize failed: " + message.path("error").path("message").asText()));
          }
          return message.path("result");
        }
      } catch (IOException e) {
        // not JSON: keep looking, then fail below
      }
    }
    throw new UpstreamException(
        UpstreamFailure.badResponse(upstream.id(), "no initialize result in the answer"));
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("a tree always serializes", e);
    }
  }
}
