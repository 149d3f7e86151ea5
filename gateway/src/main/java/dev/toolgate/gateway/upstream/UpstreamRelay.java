package dev.toolgate.gateway.upstream;

import dev.toolgate.gateway.http.ResponseStream;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.protocol.JsonRpcMessage;
import dev.toolgate.gateway.protocol.JsonRpcParser;
import dev.toolgate.gateway.protocol.McpHeaders;
import dev.toolgate.gateway.protocol.SseEvent;
import dev.toolgate.gateway.protocol.SseParser;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one request to a worker and relays the answer to the client without re-encoding what it
 * does not change. Workers are untrusted: only well-formed JSON-RPC reaches the client (one message
 * as JSON, or an event stream whose every event carries one), a response whose id is not the
 * relayed request's is dropped and logged, and every way a worker can fail ends in a clear JSON-RPC
 * error for the caller, and only that caller: nothing here is shared with other sessions.
 *
 * <p>An event stream is relayed event by event as the worker produces it, with backpressure (the
 * worker is read only as fast as the client takes the bytes). On {@code /mcp}, a stream that
 * answers a request with nothing but that answer (the common case: a tool call without progress or
 * requests to the client) reaches the client as one JSON response: one write with the headers
 * instead of three (stream headers, the event, the stream's end). The moment anything else comes
 * first, the answer streams as before. The passthrough keeps the worker's choice of stream or JSON,
 * and its event ids.
 *
 * <p>Failures answer requests with HTTP 200 and a JSON-RPC error carrying the request's id, so MCP
 * clients resolve the pending call with an error instead of losing their transport; notifications
 * and responses, which have no id to answer, get 502 or 504.
 */
public final class UpstreamRelay {

  private static final Logger LOG = LoggerFactory.getLogger(UpstreamRelay.class);

  private enum Mode {
    PENDING,
    JSON,
    STREAM,
    /** The answer went to the client as JSON; the rest of the worker's stream is drained. */
    ANSWERED,
    EMPTY,
    HTTP_ERROR,
    SESSION_LOST,
    BAD
  }

  private final RelayPlan plan;
  private final ResponseStream client;
  private final int maxJsonBytes;
  private final int maxEventBytes;

  private volatile Mode mode = Mode.PENDING;
  private volatile String badReason;
  private volatile Request request;
  private final ByteArrayOutputStream json = new ByteArrayOutputStream(512);
  private SseParser sse;
  private final List<SseEvent> ready = new ArrayList<>();
  private boolean answerSeen;

  /** Stream headers not yet sent: the first events decide between JSON and a stream. */
  private Response uncommitted;

  /** When the request was handed to the client, to tell a pooled connection from a new one. */
  private long sentAtMillis;

  public UpstreamRelay(RelayPlan plan, ResponseStream client, int maxJsonBytes, int maxEventBytes) {
    this.plan = plan;
    this.client = client;
    this.maxJsonBytes = maxJsonBytes;
    this.maxEventBytes = maxEventBytes;
  }

  /** Sends the request; the client response completes asynchronously. */
  public void start(Request request) {
    this.request = request;
    sentAtMillis = System.currentTimeMillis();
    request
        .onResponseHeaders(this::onHeaders)
        .onResponseContentAsync(new WorkerContent())
        .send(this::onComplete);
  }

  /** The client went away: stop the worker request at once instead of at its timeout. */
  public void clientGone() {
    Request sent = request;
    if (sent != null) {
      sent.abort(new IllegalStateException("the client went away"));
    }
  }

  private final class WorkerContent extends NonBlockingContent {
    @Override
    public void onContent(Response response, Content.Chunk chunk, Runnable demander) {
      UpstreamRelay.this.onContent(response, chunk, demander);
    }
  }

  private void onHeaders(Response worker) {
    int status = worker.getStatus();
    String contentType = worker.getHeaders().get(HttpHeader.CONTENT_TYPE);
    String type = contentType == null ? "" : contentType.toLowerCase();
    if (status == 404 && worker.getRequest().getHeaders().contains(McpHeaders.SESSION_ID)) {
      mode = Mode.SESSION_LOST;
    } else if (status == 202) {
      // Accepted, no body, whatever content type it names: the Python SDK labels the empty 202
      // that accepts a notification application/json.
      mode = Mode.EMPTY;
    } else if (status >= 200 && status < 300) {
      if (type.startsWith(McpHeaders.EVENT_STREAM)) {
        mode = Mode.STREAM;
        sse = new SseParser(this::onEvent, maxEventBytes);
        if (plan.rawId() != null && !plan.passthrough()) {
          uncommitted = worker;
        } else {
          streamHeaders(worker);
          // Commit now: a client waiting on a stream should see it open before the first event.
          client.write(new byte[0], null);
        }
      } else if (type.startsWith(McpHeaders.JSON)) {
        mode = Mode.JSON;
      } else if (worker.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) == 0) {
        mode = Mode.EMPTY;
      } else {
        bad(
            "HTTP "
                + status
                + " with content type "
                + (contentType == null ? "none" : printable(contentType)));
      }
    } else if (status >= 400 && status < 600) {
      mode = Mode.HTTP_ERROR;
    } else {
      bad("HTTP " + status);
    }
  }

  private void streamHeaders(Response worker) {
    org.eclipse.jetty.server.Response out = client.response();
    out.setStatus(200);
    out.getHeaders().put(HttpHeader.CONTENT_TYPE, McpHeaders.EVENT_STREAM);
    out.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    plan.onHeaders().apply(worker, out.getHeaders());
  }

  private void bad(String reason) {
    badReason = reason;
    mode = Mode.BAD;
  }

  private void onContent(Response worker, Content.Chunk chunk, Runnable demander) {
    if (mode == Mode.ANSWERED) {
      // Nothing follows an answer on an MCP stream; reading to the end keeps the connection.
      chunk.getByteBuffer().position(chunk.getByteBuffer().limit());
      demandUnlessLast(chunk, demander);
      return;
    }
    if (client.isFinished()) {
      worker.abort(new IllegalStateException("client went away"));
      return;
    }
    ByteBuffer bytes = chunk.getByteBuffer();
    switch (mode) {
      case STREAM -> relayEvents(worker, chunk, demander);
      case JSON, HTTP_ERROR -> {
        if (json.size() + bytes.remaining() > maxJsonBytes) {
          bad("response larger than " + maxJsonBytes + " bytes");
          worker.abort(new IllegalStateException("response too large"));
          return;
        }
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        json.writeBytes(copy);
        demandUnlessLast(chunk, demander);
      }
      default -> {
        bytes.position(bytes.limit());
        demandUnlessLast(chunk, demander);
      }
    }
  }

  private void relayEvents(Response worker, Content.Chunk chunk, Runnable demander) {
    try {
      sse.feed(chunk.getByteBuffer());
    } catch (IllegalStateException e) {
      worker.abort(e);
      return;
    }
    if (ready.isEmpty()) {
      demandUnlessLast(chunk, demander);
      return;
    }
    if (uncommitted != null) {
      Response headers = uncommitted;
      uncommitted = null;
      byte[] answer = soleAnswer();
      if (answer != null) {
        mode = Mode.ANSWERED;
        ready.clear();
        respondJson(200, headers, answer);
        demandUnlessLast(chunk, demander);
        return;
      }
      streamHeaders(headers);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (SseEvent event : ready) {
      out.writeBytes(event.encode());
    }
    ready.clear();
    client.write(out.toByteArray(), () -> demandUnlessLast(chunk, demander));
  }

  /** The bytes of the one ready event when it is the answer to the relayed request, else null. */
  private byte[] soleAnswer() {
    if (ready.size() != 1 || !answerSeen) {
      return null;
    }
    return ready.getFirst().data().getBytes(StandardCharsets.UTF_8);
  }

  private static void demandUnlessLast(Content.Chunk chunk, Runnable demander) {
    if (!chunk.isLast()) {
      demander.run();
    }
  }

  /** Keeps an event when it carries one well-formed JSON-RPC message the client may see. */
  private void onEvent(SseEvent event) {
    if (event.data() == null || event.data().isBlank()) {
      // No message: a comment (keep-alive), or a priming event whose id and retry let the client
      // resume (SEP-1699). Worker event ids mean something only on the passthrough.
      if (plan.passthrough()) {
        ready.add(event);
      } else if (event.comment() != null) {
        ready.add(new SseEvent(null, null, null, null, event.comment()));
      }
      return;
    }
    JsonRpcMessage message;
    try {
      message = JsonRpcParser.parse(event.data().getBytes(StandardCharsets.UTF_8));
    } catch (JsonRpcException e) {
      LOG.warn("dropped an event of upstream {} that is not one JSON-RPC message", plan.upstream());
      return;
    }
    if (message.kind() == JsonRpcMessage.Kind.RESPONSE && plan.rawId() != null) {
      if (!plan.rawId().equals(message.rawId()) || answerSeen) {
        LOG.warn(
            "dropped a response of upstream {} whose id does not answer the relayed request",
            plan.upstream());
        return;
      }
      answerSeen = true;
      ready.add(
          event.withData(new String(plan.answer().apply(message.bytes()), StandardCharsets.UTF_8)));
      return;
    }
    SseEvent relayed = plan.events().rewrite(event, message);
    if (relayed != null) {
      ready.add(relayed);
    }
  }

  private void onComplete(Result result) {
    Mode finalMode = mode;
    if (finalMode == Mode.ANSWERED) {
      return;
    }
    if (uncommitted != null && !result.isFailed()) {
      // The stream ended without an event: relay it as the empty stream it was.
      streamHeaders(uncommitted);
      uncommitted = null;
    }
    if (result.isFailed() && finalMode != Mode.BAD) {
      if (finalMode == Mode.PENDING
          && StaleConnections.isStale(result, sentAtMillis)
          && plan.sessionLost().handle()) {
        return;
      }
      failed(UpstreamFailure.of(plan.upstream(), result.getFailure(), plan.timeoutMillis()));
      return;
    }
    switch (finalMode) {
      case STREAM -> endStream();
      case EMPTY -> {
        org.eclipse.jetty.server.Response out = client.response();
        out.setStatus(result.getResponse().getStatus());
        plan.onHeaders().apply(result.getResponse(), out.getHeaders());
        client.finish(new byte[0]);
      }
      case JSON -> relayJson(result.getResponse());
      case HTTP_ERROR -> relayHttpError(result.getResponse());
      case SESSION_LOST -> {
        if (!plan.sessionLost().handle()) {
          sessionLostError();
        }
      }
      case BAD -> failed(UpstreamFailure.badResponse(plan.upstream(), badReason));
      case PENDING -> failed(UpstreamFailure.badResponse(plan.upstream(), "no response"));
      case ANSWERED -> {}
    }
  }

  /**
   * A worker stream that ended. On the aggregated endpoint a request it never answered gets an
   * error as the last event (the client cannot resume: worker event ids are not relayed there).
   */
  private void endStream() {
    if (plan.rawId() != null && !answerSeen && !plan.passthrough()) {
      failed(
          UpstreamFailure.badResponse(
              plan.upstream(), "the stream ended without an answer to the request"));
      return;
    }
    client.finish(new byte[0]);
  }

  private void relayJson(Response worker) {
    byte[] body = json.toByteArray();
    JsonRpcMessage message;
    try {
      message = JsonRpcParser.parse(body);
    } catch (JsonRpcException e) {
      failed(UpstreamFailure.badResponse(plan.upstream(), "not a JSON-RPC message"));
      return;
    }
    if (plan.rawId() != null) {
      if (message.kind() != JsonRpcMessage.Kind.RESPONSE || !plan.rawId().equals(message.rawId())) {
        LOG.warn(
            "upstream {} answered a request with a message that is not its response",
            plan.upstream());
        failed(
            UpstreamFailure.badResponse(
                plan.upstream(), "the answer does not carry the request id"));
        return;
      }
      body = plan.answer().apply(body);
    }
    respondJson(200, worker, body);
  }

  /** One JSON-RPC message, with the given status and the plan's headers, in one write. */
  private void respondJson(int status, Response worker, byte[] body) {
    org.eclipse.jetty.server.Response out = client.response();
    out.setStatus(status);
    out.getHeaders().put(HttpHeader.CONTENT_TYPE, McpHeaders.JSON);
    plan.onHeaders().apply(worker, out.getHeaders());
    out.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    client.finish(body);
  }

  /**
   * A worker's HTTP error. A JSON-RPC error answering this very request is relayed as the worker's
   * answer; anything else (an HTML page, a stack trace, another id) is replaced by the gateway's
   * own error. A 4xx status reaches the client only where the plan keeps worker statuses (the
   * passthrough: a 404 there tells the client to initialize again); a 5xx is a failed call, an
   * error on that call with HTTP 200 for requests.
   */
  private void relayHttpError(Response worker) {
    int status = worker.getStatus();
    byte[] body = json.toByteArray();
    if (status == 400
        && worker.getRequest().getHeaders().contains(McpHeaders.SESSION_ID)
        && LostSessions.saysSessionIsGone(body)) {
      // The TypeScript and Python SDKs answer a session they do not know with 400, not 404.
      if (!plan.sessionLost().handle()) {
        sessionLostError();
      }
      return;
    }
    boolean keepStatus = plan.passthrough() && status < 500;
    if (isOwnErrorAnswer(body)) {
      // The worker's own answer to the call: rewritten (redacted) like any other answer.
      respondJson(keepStatus ? status : 200, worker, plan.answer().apply(body));
      return;
    }
    UpstreamFailure failure = UpstreamFailure.badResponse(plan.upstream(), "HTTP " + status);
    if (keepStatus) {
      errorResponse(status, failure.code(), failure.message());
    } else {
      failed(failure);
    }
  }

  private boolean isOwnErrorAnswer(byte[] body) {
    if (plan.rawId() == null || body.length == 0) {
      return false;
    }
    try {
      JsonRpcMessage message = JsonRpcParser.parse(body);
      return message.kind() == JsonRpcMessage.Kind.RESPONSE && plan.rawId().equals(message.rawId());
    } catch (JsonRpcException e) {
      return false;
    }
  }

  private void sessionLostError() {
    if (plan.passthrough()) {
      errorResponse(
          404,
          JsonRpcErrors.SESSION_NOT_FOUND,
          "Session not found: upstream "
              + plan.upstream()
              + " no longer knows it; initialize again");
    } else {
      failed(
          new UpstreamFailure(
              JsonRpcErrors.UPSTREAM_UNAVAILABLE,
              "upstream " + plan.upstream() + " lost its session again; try the call later"));
    }
  }

  private void failed(UpstreamFailure failure) {
    if (client.response().isCommitted()) {
      if (mode == Mode.STREAM && plan.rawId() == null) {
        // A GET stream that broke or outlived its maximum lifetime ends cleanly: the client opens
        // a new one (resuming with Last-Event-ID) instead of seeing its connection reset.
        client.finish(new byte[0]);
      } else if (mode == Mode.STREAM) {
        // The stream is open: the error travels as the final event answering the request.
        client.finish(
            SseEvent.message(
                    new String(
                        JsonRpcErrors.response(plan.rawId(), failure.code(), failure.message()),
                        StandardCharsets.UTF_8))
                .encode());
      } else {
        client.abort(new IllegalStateException(failure.message()));
      }
      return;
    }
    int status =
        plan.rawId() != null ? 200 : failure.code() == JsonRpcErrors.UPSTREAM_TIMEOUT ? 504 : 502;
    errorResponse(status, failure.code(), failure.message());
  }

  private void errorResponse(int status, int code, String message) {
    client.finishJson(status, JsonRpcErrors.response(plan.rawId(), code, message));
  }

  /** A worker-supplied header value, cut and stripped of control characters, for messages. */
  private static String printable(String value) {
    String cut = value.length() > 80 ? value.substring(0, 80) : value;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
