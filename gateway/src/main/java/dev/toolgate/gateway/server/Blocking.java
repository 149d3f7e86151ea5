package dev.toolgate.gateway.server;

import dev.toolgate.gateway.http.Exchange;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Work that answers an exchange from a virtual thread, where no handler catches its failure. */
final class Blocking {

  private static final Logger LOG = LoggerFactory.getLogger(Blocking.class);

  private Blocking() {}

  /** Runs {@code work}; a bug in it still answers the client, with an internal error. */
  static void answering(Exchange exchange, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      LOG.warn("answering a request failed", e);
      exchange
          .out()
          .finishJson(
              500, JsonRpcErrors.response(null, JsonRpcErrors.INTERNAL_ERROR, "Internal error"));
    }
  }
}
