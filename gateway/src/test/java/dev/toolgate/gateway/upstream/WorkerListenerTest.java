package dev.toolgate.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.gateway.protocol.SseEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A listener on a worker's stream holds what arrives before a client stream attaches, up to its
 * bound; there it stops reading (the worker waits), and on attach everything reaches the client in
 * order, nothing dropped.
 */
class WorkerListenerTest {

  private static final int EVENTS = 200;
  private static final int BOUND = 10;
  private static final String PADDING = "x".repeat(50_000);

  private Server worker;
  private HttpClient http;
  private final CountDownLatch allWritten = new CountDownLatch(1);

  @BeforeEach
  void start() throws Exception {
    worker = new Server();
    ServerConnector connector = new ServerConnector(worker);
    connector.setHost("127.0.0.1");
    worker.addConnector(connector);
    worker.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            response.getHeaders().put("Content-Type", "text/event-stream");
            Thread.startVirtualThread(
                () -> {
                  try {
                    for (int i = 0; i < EVENTS; i++) {
                      String event =
                          "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\","
                              + "\"params\":{\"n\":"
                              + i
                              + ",\"pad\":\""
                              + PADDING
                              + "\"}}\n\n";
                      FutureCallback written = new FutureCallback();
                      response.write(
                          false, ByteBuffer.wrap(event.getBytes(StandardCharsets.UTF_8)), written);
                      written.get(30, TimeUnit.SECONDS);
                    }
                    allWritten.countDown();
                    response.write(true, ByteBuffer.allocate(0), callback);
                  } catch (Exception e) {
                    callback.failed(e);
                  }
                });
            return true;
          }
        });
    worker.start();
    http = new HttpClient();
    http.start();
  }

  @AfterEach
  void stop() throws Exception {
    http.stop();
    worker.stop();
  }

  @Test
  void holdsUpToItsBoundThenHandsEverythingOverInOrder() throws Exception {
    AtomicBoolean ended = new AtomicBoolean();
    WorkerListener listener =
        new WorkerListener(
            "tools/worker",
            RelayPlan.UNCHANGED,
            new WorkerListener.Bounds(BOUND, 10 * 1024 * 1024, 64 * 1024),
            done -> ended.set(true));
    int port = ((ServerConnector) worker.getConnectors()[0]).getLocalPort();
    listener.start(http.newRequest("http://127.0.0.1:" + port + "/mcp"));

    await().atMost(Duration.ofSeconds(10)).until(() -> listener.heldCount() >= BOUND);
    // 10 MB do not fit in the sockets' buffers: the worker is still writing, made to wait.
    assertThat(allWritten.getCount()).isEqualTo(1);
    // One read may complete one more event than the bound; never many.
    assertThat(listener.heldCount()).isBetween(BOUND, BOUND + 1);

    List<String> delivered = new CopyOnWriteArrayList<>();
    AtomicBoolean sinkEnded = new AtomicBoolean();
    assertThat(
            listener.attach(
                new WorkerListener.Sink() {
                  @Override
                  public void send(SseEvent event, Runnable then) {
                    if (event.data() != null) {
                      delivered.add(event.data());
                    }
                    if (then != null) {
                      then.run();
                    }
                  }

                  @Override
                  public void ended() {
                    sinkEnded.set(true);
                  }
                }))
        .isTrue();

    await().atMost(Duration.ofSeconds(20)).until(sinkEnded::get);
    assertThat(delivered).hasSize(EVENTS);
    for (int i = 0; i < EVENTS; i++) {
      assertThat(delivered.get(i)).contains("\"n\":" + i + ",");
    }
    assertThat(ended).isTrue();
  }
}
