package dev.toolgate.gateway.upstream;

import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.protocol.JsonRpcMessage;
import dev.toolgate.gateway.protocol.JsonRpcParser;
import dev.toolgate.gateway.protocol.McpHeaders;
import dev.toolgate.gateway.protocol.SseEvent;
import dev.toolgate.gateway.protocol.SseParser;
import dev.toolgate.gateway.transport.ResponseStream;
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
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Sends one request to a worker and relays the answer to the client without re-encoding it: a JSON
 * answer is checked to be one JSON-RPC message and copied; an event stream is relayed event by
 * event as the worker produces it, with backpressure (the worker is read only as fast as the client
 * takes the bytes). Every way a worker can fail ends in a clear JSON-RPC error for the caller, and
 * only that caller: nothing here is shared with other sessions.
 *
 * <p>A worker's event stream that answers a request with nothing but that answer (the common case:
 * a tool call without progress or requests to the client) reaches the client as one JSON response,
 * not as an event stream: one write with the headers instead of three (stream headers, the event,
 * the stream's end), which the client also reads in one go. The moment anything else comes first,
 * the answer streams as before. The passthrough endpoint relays streams as they are (raw).
 *
 * <p>Failures answer requests with HTTP 200 and a JSON-RPC error carrying the request's id, so MCP
 * clients resolve the pending call with an error instead of losing their transport; notifications
 * and responses, which have no id to answer, get 502 or 504.
 */
public final class UpstreamRelay {

  private enum Mode {
    PENDING,
    JSON,
    STREAM,
    /** The answer went to the client as JSON; the rest of the worker's stream is drained. */
    ANSWERED,
    EMPTY,
    CLIENT_ERROR,
    SESSION_LOST,
    BAD
  }

  private final RelayPlan plan;
  private final ResponseStream client;
  private final int maxJsonBytes;
  private final int maxEventBytes;

  private volatile Mode mode = Mode.PENDING;
  private volatile String badReason;
  private final ByteArrayOutputStream json = new ByteArrayOutputStream(512);
  private SseParser sse;
  private final List<SseEvent> ready = new ArrayList<>();

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
    sentAtMillis = System.currentTimeMillis();
    request
        .onResponseHeaders(this::onHeaders)
        .onResponseContentAsync(new NonBlockingContent())
        .send(this::onComplete);
  }

  /**
   * Declares the content listener non-blocking (it only queues asynchronous writes), so Jetty runs
   * it on the I/O thread that read the worker's bytes instead of handing it to another thread.
   */
  private final class NonBlockingContent implements Response.AsyncContentListener, Invocable {
    @Override
    public void onContent(Response response, Content.Chunk chunk, Runnable demander) {
      UpstreamRelay.this.onContent(response, chunk, demander);
    }

    @Override
    public InvocationType getInvocationType() {
      return InvocationType.NON_BLOCKING;
    }
  }

  private void onHeaders(Response worker) {
    int status = worker.getStatus();
    String contentType = worker.getHeaders().get(HttpHeader.CONTENT_TYPE);
    String type = contentType == null ? "" : contentType.toLowerCase();
    if (status == 404 && worker.getRequest().getHeaders().contains(McpHeaders.SESSION_ID)) {
      mode = Mode.SESSION_LOST;
    } else if (status >= 200 && status < 300) {
      if (type.startsWith(McpHeaders.EVENT_STREAM)) {
        mode = Mode.STREAM;
        sse = plan.rawStream() ? null : new SseParser(this::onEvent, maxEventBytes);
        if (!plan.rawStream() && plan.rawId() != null) {
          uncommitted = worker;
        } else {
          streamHeaders(worker);
          // Commit now: a client waiting on a stream should see it open before the first event.
          client.write(new byte[0], null);
        }
      } else if (type.startsWith(McpHeaders.JSON)) {
        mode = Mode.JSON;
      } else if (status == 202
          || worker.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) == 0) {
        mode = Mode.EMPTY;
      } else {
        bad(
            "HTTP "
                + status
                + " with content type "
                + (contentType == null ? "none" : contentType));
      }
    } else if (status >= 400 && status < 500) {
      mode = Mode.CLIENT_ERROR;
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
      case STREAM -> {
        if (plan.rawStream()) {
          // Zero copy: the worker's buffer goes straight out and is released once written.
          chunk.retain();
          client.write(
              bytes,
              () -> {
                chunk.release();
                demandUnlessLast(chunk, demander);
              });
          return;
        }
        try {
          sse.feed(bytes);
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
            respondJson(headers, answer);
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
      case JSON, CLIENT_ERROR -> {
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

  /** The bytes of the one ready event when it is the answer to the relayed request, else null. */
  private byte[] soleAnswer() {
    if (ready.size() != 1 || ready.getFirst().data() == null) {
      return null;
    }
    byte[] data = ready.getFirst().data().getBytes(StandardCharsets.UTF_8);
    try {
      JsonRpcMessage message = JsonRpcParser.parse(data);
      return message.kind() == JsonRpcMessage.Kind.RESPONSE && plan.rawId().equals(message.rawId())
          ? data
          : null;
    } catch (JsonRpcException e) {
      return null;
    }
  }

  private static void demandUnlessLast(Content.Chunk chunk, Runnable demander) {
    if (!chunk.isLast()) {
      demander.run();
    }
  }

  private void onEvent(SseEvent event) {
    SseEvent relayed = plan.events().apply(event);
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
      case STREAM -> client.finish(new byte[0]);
      case EMPTY -> {
        org.eclipse.jetty.server.Response out = client.response();
        out.setStatus(result.getResponse().getStatus());
        plan.onHeaders().apply(result.getResponse(), out.getHeaders());
        client.finish(new byte[0]);
      }
      case JSON -> relayJson(result.getResponse());
      case CLIENT_ERROR -> relayClientError(result.getResponse());
      case SESSION_LOST -> {
        if (!plan.sessionLost().handle()) {
          errorResponse(
              404,
              JsonRpcErrors.SESSION_NOT_FOUND,
              "Session not found: upstream "
                  + plan.upstream()
                  + " no longer knows it; initialize again");
        }
      }
      case BAD -> failed(UpstreamFailure.badResponse(plan.upstream(), badReason));
      case PENDING -> failed(UpstreamFailure.badResponse(plan.upstream(), "no response"));
    }
  }

  private void relayJson(Response worker) {
    byte[] body = json.toByteArray();
    try {
      JsonRpcParser.parse(body);
    } catch (JsonRpcException e) {
      failed(UpstreamFailure.badResponse(plan.upstream(), "not a JSON-RPC message"));
      return;
    }
    respondJson(worker, body);
  }

  /** One JSON-RPC message, with the worker's status and the plan's headers, in one write. */
  private void respondJson(Response worker, byte[] body) {
    org.eclipse.jetty.server.Response out = client.response();
    out.setStatus(worker.getStatus());
    out.getHeaders().put(HttpHeader.CONTENT_TYPE, McpHeaders.JSON);
    plan.onHeaders().apply(worker, out.getHeaders());
    out.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    client.finish(body);
  }

  /** A worker's 4xx is its answer to the request: relayed with its status and body. */
  private void relayClientError(Response worker) {
    byte[] body = json.toByteArray();
    org.eclipse.jetty.server.Response out = client.response();
    out.setStatus(worker.getStatus());
    String type = worker.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type != null) {
      out.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    }
    out.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    client.finish(body);
  }

  private void failed(UpstreamFailure failure) {
    if (client.response().isCommitted()) {
      if (mode == Mode.STREAM && plan.rawId() != null) {
        // The stream is open: the error travels as the final event answering the request.
        client.finish(
            SseEvent.message(
                    new String(
                        JsonRpcErrors.response(plan.rawId(), failure.code(), failure.message())))
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
    byte[] body = JsonRpcErrors.response(plan.rawId(), code, message);
    org.eclipse.jetty.server.Response out = client.response();
    out.setStatus(status);
    out.getHeaders().put(HttpHeader.CONTENT_TYPE, McpHeaders.JSON);
    out.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    client.finish(body);
  }
}
