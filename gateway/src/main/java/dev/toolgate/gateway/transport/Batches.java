package dev.toolgate.gateway.transport;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.gateway.http.Exchange;
import dev.toolgate.gateway.http.HttpResponses;
import dev.toolgate.gateway.http.ResponseStream;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.protocol.JsonRpcParser;
import dev.toolgate.gateway.protocol.McpHeaders;
import dev.toolgate.gateway.protocol.ProtocolVersions;
import dev.toolgate.gateway.protocol.SseEvent;
import dev.toolgate.gateway.session.GatewaySession;
import dev.toolgate.gateway.session.SessionRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC batches, which MCP 2025-03-26 requires a server to accept and 2025-06-18 removed. A
 * batch is accepted in a session of that revision only: on {@code /mcp} the version the session
 * negotiated, on a passthrough endpoint the version the request declares ({@code
 * MCP-Protocol-Version}, 2025-03-26 when absent, as the transport spec has a server assume). {@code
 * initialize} is never batched (the spec forbids it), so a batch without a session is refused.
 *
 * <p>Each message takes exactly the path it would take alone (the endpoint, its method handler, its
 * policy pipeline), one after the other, on an exchange of its own whose answer is read back
 * ({@link BatchMember}). A batch holding a request is answered with an event stream carrying every
 * message those exchanges answer with, as they come (responses, and a worker's requests and
 * notifications during a call); one holding only notifications and responses with 202.
 */
public final class Batches {

  private static final Logger LOG = LoggerFactory.getLogger(Batches.class);
  // A duplicate key is refused in a batch as in a message sent alone: members are re-serialized
  // from this parse, so what a worker reads is what the gateway checked.
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** The most messages one batch may hold: each may cost a worker call. */
  static final int MAX_MESSAGES = 64;

  /** An endpoint's handling of one message. */
  @FunctionalInterface
  interface Endpoint {
    void post(Exchange exchange, byte[] message) throws JsonRpcException;
  }

  private final SessionRegistry sessions;
  private final int maxAnswerBytes;

  /**
   * @param maxAnswerBytes the largest answer of one message, as for a message sent alone
   */
  public Batches(SessionRegistry sessions, int maxAnswerBytes) {
    this.sessions = sessions;
    this.maxAnswerBytes = maxAnswerBytes;
  }

  /** Whether a body is a JSON array (its first non-blank byte is {@code [}). */
  static boolean isBatch(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b == '[';
      }
    }
    return false;
  }

  /**
   * @param aggregated whether the batch came to {@code /mcp}
   */
  void post(
      Request request,
      Response response,
      Callback callback,
      Exchange exchange,
      byte[] body,
      boolean aggregated,
      Endpoint endpoint)
      throws JsonRpcException {
    JsonRpcParser.requireUtf8(body);
    requireBatchRevision(exchange, aggregated);
    List<byte[]> messages = split(body);
    boolean anyRequest = false;
    for (byte[] message : messages) {
      anyRequest |= isRequest(message);
    }
    ResponseStream out = anyRequest ? exchange.openEventStream() : null;
    new Run(request, response, exchange, messages, endpoint, out, callback).next();
  }

  private void requireBatchRevision(Exchange exchange, boolean aggregated) throws JsonRpcException {
    String id = exchange.sessionId();
    if (id == null || id.isBlank()) {
      throw invalid(
          "JSON-RPC batches are accepted only in a session negotiated at protocol "
              + ProtocolVersions.ASSUMED_WHEN_ABSENT
              + "; initialize is sent alone");
    }
    GatewaySession session = sessions.peek(id, exchange.principal().sessionOwner());
    if (session == null) {
      throw new JsonRpcException(
          404, JsonRpcErrors.SESSION_NOT_FOUND, "Session not found: initialize a new session");
    }
    String version =
        aggregated
            ? session.protocolVersion()
            : exchange.headers().get(McpHeaders.PROTOCOL_VERSION);
    if (version == null) {
      version = ProtocolVersions.ASSUMED_WHEN_ABSENT;
    }
    if (!ProtocolVersions.ASSUMED_WHEN_ABSENT.equals(version)) {
      throw invalid(
          "JSON-RPC batches are not part of protocol "
              + version
              + " (removed in 2025-06-18); send one message per request");
    }
  }

  private static List<byte[]> split(byte[] body) throws JsonRpcException {
    JsonNode batch;
    try {
      batch = JSON.readTree(body);
    } catch (IOException e) {
      throw new JsonRpcException(400, JsonRpcErrors.PARSE_ERROR, "Parse error");
    }
    if (batch.isEmpty()) {
      throw invalid("an empty batch");
    }
    if (batch.size() > MAX_MESSAGES) {
      throw invalid("a batch holds at most " + MAX_MESSAGES + " messages");
    }
    List<byte[]> messages = new ArrayList<>(batch.size());
    for (JsonNode message : batch) {
      if (!message.isObject()) {
        throw invalid("every member of a batch is a JSON-RPC message object");
      }
      messages.add(message.toString().getBytes(StandardCharsets.UTF_8));
    }
    return messages;
  }

  private static boolean isRequest(byte[] message) {
    try {
      JsonNode node = JSON.readTree(message);
      return node.hasNonNull("id") && node.has("method");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A refusal that names no request (a message refused before its id was read) gets the id of the
   * member it answers: in a batch the id is how a client matches answers to requests.
   */
  private static JsonRpcException withIdOf(byte[] message, JsonRpcException e) {
    if (e.rawId() != null) {
      return e;
    }
    try {
      JsonNode id = JSON.readTree(message).get("id");
      return id == null || id.isNull()
          ? e
          : new JsonRpcException(e.httpStatus(), e.code(), e.getMessage(), id.toString());
    } catch (IOException unreadable) {
      return e;
    }
  }

  private static JsonRpcException invalid(String why) {
    return new JsonRpcException(400, JsonRpcErrors.INVALID_REQUEST, "Invalid Request: " + why);
  }

  /** One batch, its messages handled one after the other. */
  private final class Run {
    private final Request request;
    private final Response response;
    private final Exchange batch;
    private final List<byte[]> messages;
    private final Endpoint endpoint;
    private final ResponseStream out;
    private final Callback callback;
    private int next;

    Run(
        Request request,
        Response response,
        Exchange batch,
        List<byte[]> messages,
        Endpoint endpoint,
        ResponseStream out,
        Callback callback) {
      this.request = request;
      this.response = response;
      this.batch = batch;
      this.messages = messages;
      this.endpoint = endpoint;
      this.out = out;
      this.callback = callback;
    }

    /** Handles the next message once the one before has been answered, or ends the batch. */
    void next() {
      if (next == messages.size()) {
        if (out != null) {
          out.finish(new byte[0]);
        } else {
          HttpResponses.empty(response, callback, 202);
        }
        return;
      }
      byte[] message = messages.get(next++);
      BatchMember answer = new BatchMember(request, response, this::relay, maxAnswerBytes);
      Exchange member =
          new Exchange(
              request,
              answer,
              Callback.from(
                  this::next,
                  failure -> {
                    LOG.debug("a batch member's answer failed: {}", failure.toString());
                    next();
                  }));
      member.authenticated(batch.principal());
      try {
        endpoint.post(member, message);
      } catch (JsonRpcException e) {
        HttpResponses.error(
            answer, Callback.from(this::next, failure -> next()), withIdOf(message, e));
      } catch (RuntimeException e) {
        LOG.error("a batch member failed", e);
        HttpResponses.error(
            answer,
            Callback.from(this::next, failure -> next()),
            new JsonRpcException(500, JsonRpcErrors.INTERNAL_ERROR, "Internal error"));
      }
    }

    private void relay(String message) {
      if (out != null) {
        out.write(SseEvent.message(message).encode(), null);
      }
    }
  }
}
