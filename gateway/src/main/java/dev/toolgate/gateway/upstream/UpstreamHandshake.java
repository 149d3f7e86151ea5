package dev.toolgate.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.protocol.McpHeaders;
import dev.toolgate.gateway.protocol.ProtocolVersions;
import dev.toolgate.gateway.protocol.SseEvent;
import dev.toolgate.gateway.protocol.SseParser;
import dev.toolgate.gateway.redaction.Redactor;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The gateway's own requests to a worker, blocking, for the control path. {@link #open} runs the
 * handshake: {@code initialize} with the client's own capabilities and client info (so the worker
 * knows whether it may ask for sampling or elicitation), then {@code notifications/initialized}.
 * {@link #request} sends one request in that session and reads its result from a JSON or event
 * stream answer. It runs on the pooled hot-path client because calls that follow are forwarded as
 * bytes under the session id it obtains.
 */
public final class UpstreamHandshake {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final UpstreamHttp http;
  private final Duration timeout;
  private final AtomicLong ids = new AtomicLong();

  public UpstreamHandshake(UpstreamHttp http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  public UpstreamSession open(
      UpstreamConfig upstream, String clientInitializeParams, ForwardedHeaders headers)
      throws UpstreamException {
    return open(upstream, clientInitializeParams, headers, session -> {});
  }

  /**
   * Opens a worker session for a client session.
   *
   * @param beforeInitialized runs between the worker's initialize answer and {@code
   *     notifications/initialized}: the moment to start listening to the worker's stream, since
   *     workers often speak as soon as they are initialized
   */
  public UpstreamSession open(
      UpstreamConfig upstream,
      String clientInitializeParams,
      ForwardedHeaders headers,
      Consumer<UpstreamSession> beforeInitialized)
      throws UpstreamException {
    ObjectNode params;
    try {
      params =
          clientInitializeParams == null
              ? JSON.createObjectNode()
              : (ObjectNode) JSON.readTree(clientInitializeParams);
    } catch (IOException | ClassCastException e) {
      params = JSON.createObjectNode();
    }
    return open(upstream.id(), URI.create(upstream.url()), params, headers, beforeInitialized)
        .session();
  }

  /** A worker session just opened, with the capabilities the worker declared. */
  public record Opened(UpstreamSession session, JsonNode serverCapabilities) {}

  /** Opens a worker session with the given client capabilities and info (filled in if absent). */
  public Opened open(String upstreamId, URI url, ObjectNode params, ForwardedHeaders headers)
      throws UpstreamException {
    return open(upstreamId, url, params, headers, session -> {});
  }

  private Opened open(
      String upstreamId,
      URI url,
      ObjectNode params,
      ForwardedHeaders headers,
      Consumer<UpstreamSession> beforeInitialized)
      throws UpstreamException {
    params.put("protocolVersion", ProtocolVersions.LATEST);
    if (!params.has("capabilities")) {
      params.set("capabilities", JSON.createObjectNode());
    }
    if (!params.has("clientInfo")) {
      params.set(
          "clientInfo",
          JSON.createObjectNode().put("name", "toolgate-gateway").put("version", "0.1.0"));
    }
    UpstreamSession unopened = new UpstreamSession(url, upstreamId, null, null);
    Answer answer = send(unopened, "initialize", params, headers.withProtocolVersion(null));
    String version = answer.result().path("protocolVersion").asText(ProtocolVersions.LATEST);
    UpstreamSession session = new UpstreamSession(url, upstreamId, answer.sessionId(), version);
    beforeInitialized.accept(session);

    byte[] initialized =
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"
            .getBytes(StandardCharsets.UTF_8);
    ContentResponse ack =
        post(session, initialized, session.sessionId(), headers.withProtocolVersion(version));
    if (ack.getStatus() / 100 != 2) {
      throw new UpstreamException(
          UpstreamFailure.badResponse(
              upstreamId, "notifications/initialized answered HTTP " + ack.getStatus()));
    }
    return new Opened(session, answer.result().path("capabilities"));
  }

  /** One request in an open worker session; its {@code result}, or the worker's error. */
  public JsonNode request(UpstreamSession session, String method, JsonNode params)
      throws UpstreamException {
    return send(
            session,
            method,
            params,
            ForwardedHeaders.NONE.withProtocolVersion(session.protocolVersion()))
        .result();
  }

  /**
   * Sends one request the gateway reads itself (a worker's page of an aggregated list) in an open
   * worker session, with the headers the policy pipeline decided, and returns the worker's answer
   * message as sent, result or error: the caller rewrites it as the pipeline says before reading
   * it.
   *
   * @param id the request's id in {@code message}, a JSON string
   * @return the answer; {@code null} when the worker no longer knows the session (404, or the 400
   *     of the TypeScript and Python SDKs)
   */
  public String answer(
      UpstreamSession session, byte[] message, String id, ForwardedHeaders headers, Duration wait)
      throws UpstreamException {
    ContentResponse answer =
        post(
            session,
            message,
            session.sessionId(),
            headers.withProtocolVersion(session.protocolVersion()),
            wait);
    int status = answer.getStatus();
    if (status == 404 || (status == 400 && LostSessions.saysSessionIsGone(answer.getContent()))) {
      return null;
    }
    if (status / 100 != 2) {
      throw new UpstreamException(
          UpstreamFailure.badResponse(session.upstreamId(), "the request answered HTTP " + status));
    }
    String text = answerText(id, answer);
    if (text == null) {
      throw new UpstreamException(
          UpstreamFailure.badResponse(session.upstreamId(), "no answer to the request"));
    }
    return text;
  }

  /** A fresh id for a request the gateway makes itself. */
  public String nextId() {
    return "toolgate-" + ids.incrementAndGet();
  }

  /** Ends a worker session; failures are of no consequence (the worker expires it anyway). */
  public void close(UpstreamSession session) {
    if (session.sessionId() != null) {
      http.delete(
              session.url(),
              session.sessionId(),
              ForwardedHeaders.NONE.withProtocolVersion(session.protocolVersion()))
          .send(result -> {});
    }
  }

  private record Answer(JsonNode result, String sessionId) {}

  private Answer send(
      UpstreamSession session, String method, JsonNode params, ForwardedHeaders headers)
      throws UpstreamException {
    String id = nextId();
    ObjectNode message = JSON.createObjectNode();
    message.put("jsonrpc", "2.0").put("id", id).put("method", method);
    message.set("params", params);
    ContentResponse answer = post(session, bytes(message), session.sessionId(), headers);
    if (answer.getStatus() / 100 != 2) {
      throw new UpstreamException(
          UpstreamFailure.badResponse(
              session.upstreamId(), method + " answered HTTP " + answer.getStatus()));
    }
    return new Answer(
        result(session.upstreamId(), method, id, answer),
        answer.getHeaders().get(McpHeaders.SESSION_ID));
  }

  private ContentResponse post(
      UpstreamSession session, byte[] body, String sessionId, ForwardedHeaders headers)
      throws UpstreamException {
    return post(session, body, sessionId, headers, timeout);
  }

  private ContentResponse post(
      UpstreamSession session,
      byte[] body,
      String sessionId,
      ForwardedHeaders headers,
      Duration timeout)
      throws UpstreamException {
    String upstream = session.upstreamId();
    try {
      return http.post(session.url(), body, sessionId, headers, timeout).send();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpstreamException(UpstreamFailure.of(upstream, e, timeout.toMillis()));
    } catch (ExecutionException e) {
      throw new UpstreamException(UpstreamFailure.of(upstream, e.getCause(), timeout.toMillis()));
    } catch (TimeoutException e) {
      throw new UpstreamException(UpstreamFailure.timeout(upstream, timeout.toMillis()));
    }
  }

  /** The result of request {@code id} in a JSON answer or among the events of a stream. */
  private static JsonNode result(String upstream, String method, String id, ContentResponse answer)
      throws UpstreamException {
    String text = answerText(id, answer);
    if (text != null) {
      try {
        JsonNode message = JSON.readTree(text);
        if (message.has("error")) {
          throw new UpstreamException(
              UpstreamFailure.badResponse(
                  upstream,
                  // The worker's own words reach the log and callers: no secret in them.
                  method
                      + " failed: "
                      + Redactor.builtIn().redact(message.path("error").path("message").asText())));
        }
        return message.path("result");
      } catch (IOException e) {
        // answerText only returns JSON
      }
    }
    throw new UpstreamException(
        UpstreamFailure.badResponse(upstream, "no " + method + " result in the answer"));
  }

  /**
   * The JSON-RPC message answering request {@code id} (a JSON string) in a JSON answer or among the
   * events of a stream, as text; {@code null} when there is none.
   */
  private static String answerText(String id, ContentResponse answer) {
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
        if (message.path("id").isTextual()
            && id.equals(message.path("id").asText())
            && (message.has("result") || message.has("error"))) {
          return candidate;
        }
      } catch (IOException e) {
        // not JSON: keep looking
      }
    }
    return null;
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("a tree always serializes", e);
    }
  }
}
