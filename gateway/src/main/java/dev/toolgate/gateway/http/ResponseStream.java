package dev.toolgate.gateway.http;

import dev.toolgate.gateway.protocol.McpHeaders;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serializes writes to one client response. Worker bytes arrive on client I/O threads while
 * notifications and errors come from elsewhere; Jetty allows one pending write per response, so
 * writes queue here and go out one after the other, each with its own completion action.
 */
public final class ResponseStream {

  private record Pending(ByteBuffer bytes, boolean last, Runnable then) {}

  private final Response response;
  private final Callback done;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final List<Runnable> onDone = new CopyOnWriteArrayList<>();
  private boolean writing;
  private boolean finished;
  private volatile byte[] finalBytes;

  public ResponseStream(Response response, Callback done) {
    this.response = response;
    this.done = done;
  }

  public Response response() {
    return response;
  }

  /** Runs {@code action} once the exchange completes, successfully or not. */
  public void onDone(Runnable action) {
    onDone.add(action);
  }

  /** Answers with one JSON body and completes the exchange. */
  public void finishJson(int status, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, McpHeaders.JSON);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    finish(body);
  }

  private void completed() {
    onDone.forEach(Runnable::run);
  }

  /** Queues bytes; {@code then} runs once they are written (or dropped after a failure). */
  public void write(byte[] bytes, Runnable then) {
    enqueue(new Pending(ByteBuffer.wrap(bytes), false, then));
  }

  /** Queues a buffer the caller keeps valid until {@code then} runs. */
  public void write(ByteBuffer bytes, Runnable then) {
    enqueue(new Pending(bytes, false, then));
  }

  /** Writes the final bytes (may be empty) and completes the exchange. */
  public void finish(byte[] bytes) {
    finalBytes = bytes;
    enqueue(new Pending(ByteBuffer.wrap(bytes), true, null));
  }

  /** Ends the exchange with a failure: Jetty resets the connection or stream. */
  public void abort(Throwable cause) {
    lock.lock();
    try {
      if (finished) {
        return;
      }
      finished = true;
      queue.clear();
    } finally {
      lock.unlock();
    }
    completed();
    done.failed(cause);
  }

  /**
   * The last bytes written (a JSON answer, or the final event of a stream), {@code null} before the
   * end or when the exchange was aborted: how the audit learns the error a call ended with.
   */
  public byte[] finalBytes() {
    return finalBytes;
  }

  public boolean isFinished() {
    lock.lock();
    try {
      return finished;
    } finally {
      lock.unlock();
    }
  }

  private void enqueue(Pending pending) {
    lock.lock();
    try {
      if (finished) {
        if (pending.then != null) {
          pending.then.run();
        }
        return;
      }
      if (pending.last) {
        finished = true;
      }
      queue.add(pending);
      if (writing) {
        return;
      }
      writing = true;
    } finally {
      lock.unlock();
    }
    writeNext();
  }

  private void writeNext() {
    Pending next;
    lock.lock();
    try {
      next = queue.poll();
      if (next == null) {
        writing = false;
        return;
      }
    } finally {
      lock.unlock();
    }
    Pending current = next;
    response.write(
        current.last,
        current.bytes,
        new Callback() {
          @Override
          public void succeeded() {
            if (current.then != null) {
              current.then.run();
            }
            if (current.last) {
              completed();
              done.succeeded();
            } else {
              writeNext();
            }
          }

          @Override
          public void failed(Throwable x) {
            lock.lock();
            try {
              finished = true;
              queue.clear();
              writing = false;
            } finally {
              lock.unlock();
            }
            if (current.then != null) {
              current.then.run();
            }
            completed();
            done.failed(x);
          }
        });
  }
}
