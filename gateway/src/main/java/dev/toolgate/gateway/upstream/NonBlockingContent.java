package dev.toolgate.gateway.upstream;

import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * A content listener declared non-blocking (it only queues asynchronous writes or holds events), so
 * Jetty runs it on the I/O thread that read the worker's bytes instead of handing it to another
 * thread.
 */
abstract class NonBlockingContent implements Response.AsyncContentListener, Invocable {

  @Override
  public InvocationType getInvocationType() {
    return InvocationType.NON_BLOCKING;
  }
}
