package dev.toolgate.gateway.upstream;

import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.protocol.JsonRpcMessage;
import dev.toolgate.gateway.protocol.JsonRpcParser;
import dev.toolgate.gateway.protocol.McpHeaders;
import dev.toolgate.gateway.protocol.SseEvent;
import dev.toolgate.gateway.protocol.SseParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's GET stream, opened by the gateway as soon as the worker session exists rather than
 * when the client's own stream arrives: a worker that sends a request or a notification the moment
 * a client connects finds a listener, and what it sends is held until a client stream takes it.
 *
 * <p>The hold is bounded by a message count and a byte count. When either is reached the gateway
 * stops reading the worker's stream (backpressure: the worker's writes wait, nothing is dropped)
 * until a client stream attaches or the listener is closed. Only well-formed JSON-RPC messages are
 * held; comments and priming events are passed on only to an attached client.
 */
public final class WorkerListener {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerListener.class);

  /** Where events go once a client stream attached. */
  public interface Sink {
    /** Writes one event; {@code then} runs once it was written or dropped. */
    void send(SseEvent event, Runnable then);

    /** The worker ended its stream and every event went to the sink. */
    void ended();
  }

  /**
   * @param maxMessages the most messages held for a session before the worker is made to wait
   * @param maxBytes the most bytes of held messages before the worker is made to wait
   * @param maxEventBytes the largest single event of the worker's stream
   */
  public record Bounds(int maxMessages, int maxBytes, int maxEventBytes) {}

  private final String upstreamId;
  private final RelayPlan.EventRewriter rewriter;
  private final Bounds bounds;
  private final Consumer<WorkerListener> onEnd;
  private final long startedNanos = System.nanoTime();
  private final CompletableFuture<Void> sent = new CompletableFuture<>();
  private final CompletableFuture<Void> answered = new CompletableFuture<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<SseEvent> held = new ArrayDeque<>();
  private final List<SseEvent> ready = new ArrayList<>();
  private int heldBytes;
  private Runnable stalled;
  private Sink sink;
  private boolean ended;
  private boolean endReported;
  private volatile Request request;
  private SseParser parser;

  /**
   * @param rewriter rewrites or drops ({@code null}) each message before it is held or sent
   * @param onEnd runs once when the stream is over, however it ended
   */
  public WorkerListener(
      String upstreamId,
      RelayPlan.EventRewriter rewriter,
      Bounds bounds,
      Consumer<WorkerListener> onEnd) {
    this.upstreamId = upstreamId;
    this.rewriter = rewriter;
    this.bounds = bounds;
    this.onEnd = onEnd;
  }

  /** Sends the GET; events are held until {@link #attach}. */
  public void start(Request get) {
    request = get;
    get.onRequestSuccess(r -> sent.complete(null))
        .onRequestFailure(
            (r, x) -> {
              sent.complete(null);
              answered.complete(null);
            })
        .onResponseHeaders(this::onHeaders)
        .onResponseContentAsync(new WorkerContent())
        .send(this::onComplete);
  }

  /**
   * Completes with {@code true} once the worker answered the GET (its stream is registered: what it
   * sends from then on is not lost) or, when {@code waitForAnswer} is false, once the GET went out;
   * with {@code false} when that took longer than {@code atMost}.
   */
  public CompletableFuture<Boolean> ready(boolean waitForAnswer, Duration atMost) {
    return (waitForAnswer ? answered : sent)
        .thenApply(done -> true)
        .completeOnTimeout(false, atMost.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Gives the stream to a client: held messages first, in order, then everything that follows.
   *
   * @return {@code false} when the stream is over with nothing held (the caller opens a new one)
   */
  public boolean attach(Sink client) {
    lock.lock();
    try {
      if (sink != null) {
        return sink == client;
      }
      if (ended && held.isEmpty()) {
        return false;
      }
      sink = client;
      Runnable resume = stalled;
      stalled = null;
      if (held.isEmpty() && resume != null) {
        resume.run();
      }
      while (!held.isEmpty()) {
        SseEvent event = held.poll();
        // Reading resumes once the last held message is written.
        client.send(event, held.isEmpty() ? resume : null);
      }
      heldBytes = 0;
      reportEnd();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** How many messages wait for a client stream. */
  public int heldCount() {
    lock.lock();
    try {
      return held.size();
    } finally {
      lock.unlock();
    }
  }

  /** Whether no client took the stream within {@code window} of its start. */
  public boolean unclaimedFor(Duration window) {
    lock.lock();
    try {
      return sink == null && System.nanoTime() - startedNanos > window.toNanos();
    } finally {
      lock.unlock();
    }
  }

  /** Ends the worker's stream; held messages are dropped. */
  public void close() {
    int dropped;
    lock.lock();
    try {
      dropped = held.size();
      held.clear();
      heldBytes = 0;
      stalled = null;
      ended = true;
      endReported = true;
      sink = null;
    } finally {
      lock.unlock();
    }
    if (dropped > 0) {
      LOG.debug(
          "upstream {}: {} held message(s) dropped, no client stream took them",
          upstreamId,
          dropped);
    }
    Request sentRequest = request;
    if (sentRequest != null) {
      sentRequest.abort(new IllegalStateException("listener closed"));
    }
  }

  private final class WorkerContent extends NonBlockingContent {
    @Override
    public void onContent(Response response, Content.Chunk chunk, Runnable demander) {
      WorkerListener.this.onContent(response, chunk, demander);
    }
  }

  private void onHeaders(Response worker) {
    answered.complete(null);
    String type = worker.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (worker.getStatus() / 100 == 2
        && type != null
        && type.toLowerCase().startsWith(McpHeaders.EVENT_STREAM)) {
      parser = new SseParser(ready::add, bounds.maxEventBytes());
    }
  }

  private void onContent(Response worker, Content.Chunk chunk, Runnable demander) {
    if (parser == null) {
      // Not a stream (a worker without GET support answers 405): nothing to relay.
      chunk.getByteBuffer().position(chunk.getByteBuffer().limit());
      demandUnlessLast(chunk, demander);
      return;
    }
    try {
      parser.feed(chunk.getByteBuffer());
    } catch (IllegalStateException e) {
      worker.abort(e);
      return;
    }
    List<SseEvent> events = relayable();
    Runnable demand = () -> demandUnlessLast(chunk, demander);
    lock.lock();
    try {
      if (ended) {
        return;
      }
      if (sink != null) {
        for (int i = 0; i < events.size(); i++) {
          sink.send(events.get(i), i == events.size() - 1 ? demand : null);
        }
        if (events.isEmpty()) {
          demand.run();
        }
        return;
      }
      for (SseEvent event : events) {
        if (event.data() != null) {
          held.add(event);
          heldBytes += event.data().length();
        }
      }
      if (held.size() >= bounds.maxMessages() || heldBytes >= bounds.maxBytes()) {
        // Full: the worker waits until a client stream takes what is held.
        stalled = demand;
        return;
      }
    } finally {
      lock.unlock();
    }
    demand.run();
  }

  /** The parsed events rewritten; events that carry something else than one message are kept. */
  private List<SseEvent> relayable() {
    if (ready.isEmpty()) {
      return List.of();
    }
    List<SseEvent> events = new ArrayList<>(ready.size());
    for (SseEvent event : ready) {
      if (event.data() == null || event.data().isBlank()) {
        events.add(new SseEvent(event.id(), event.event(), event.retry(), null, event.comment()));
        continue;
      }
      try {
        JsonRpcMessage message = JsonRpcParser.parse(event.data().getBytes(StandardCharsets.UTF_8));
        SseEvent rewritten = rewriter.rewrite(event, message);
        if (rewritten != null) {
          events.add(rewritten);
        }
      } catch (JsonRpcException e) {
        LOG.warn("dropped an event of upstream {} that is not one JSON-RPC message", upstreamId);
      }
    }
    ready.clear();
    return events;
  }

  private void onComplete(Result result) {
    sent.complete(null);
    answered.complete(null);
    lock.lock();
    try {
      ended = true;
      reportEnd();
    } finally {
      lock.unlock();
    }
    onEnd.accept(this);
  }

  /** Tells the sink the stream is over, once, after the last held message went to it. */
  private void reportEnd() {
    if (ended && !endReported && sink != null && held.isEmpty()) {
      endReported = true;
      sink.ended();
    }
  }

  private static void demandUnlessLast(Content.Chunk chunk, Runnable demander) {
    if (!chunk.isLast()) {
      demander.run();
    }
  }
}
