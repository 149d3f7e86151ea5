package dev.toolgate.gateway.session;

/** The open GET stream of a session, on which the gateway sends notifications. */
public interface NotificationStream {

  /** Sends one JSON-RPC notification; quietly does nothing once the stream is closed. */
  void send(String jsonRpcNotification);

  void close();

  /**
   * Writes a comment line, so idle proxies keep the stream and a client that left is noticed (the
   * write fails); nothing for a stream the worker keeps alive itself.
   */
  default void keepAlive() {}
}
