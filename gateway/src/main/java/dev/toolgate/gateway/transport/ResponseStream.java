package dev.toolgate.gateway.transport;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;
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
  private boolean writing;
  private boolean finished;

  public ResponseStream(Response response, Callback done) {
    this.response = response;
    this.done = done;
  }

  public Response response() {
    return response;
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
    done.failed(cause);
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
            done.failed(x);
          }
        });
  }
}
