package dev.toolgate.gateway.transport;

import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the server's HTTP/1.1 connections and thread pool. {@link SelectorHttpConnectionFactory}
 * saves a thread hand-off per call but builds on Jetty internals that are not exported; when a
 * Jetty upgrade breaks it (it fails to link) or it is switched off, the stock factory serves, so an
 * upgrade costs speed, never correctness.
 *
 * @param factory the connection factory for the connector
 * @param threads the server's thread pool, matched to the factory
 * @param selector {@code true} when the selector-resuming connections are in use
 */
public record ServerConnections(
    ConnectionFactory factory, QueuedThreadPool threads, boolean selector) {

  private static final Logger LOG = LoggerFactory.getLogger(ServerConnections.class);

  public static ServerConnections choose(HttpConfiguration http11, boolean selectorWanted) {
    if (selectorWanted) {
      try {
        return new ServerConnections(
            new SelectorHttpConnectionFactory(http11),
            SelectorHttpConnectionFactory.threadPool(),
            true);
      } catch (LinkageError e) {
        LOG.warn(
            "selector-resumed connections do not work with this Jetty ({}); using the stock ones",
            e.toString());
      }
    }
    return new ServerConnections(new HttpConnectionFactory(http11), new QueuedThreadPool(), false);
  }
}
