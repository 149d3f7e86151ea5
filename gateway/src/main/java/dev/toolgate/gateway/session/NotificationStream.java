package dev.toolgate.gateway.session;

/** The open GET stream of an aggregated session, on which the gateway sends notifications. */
public interface NotificationStream {

  /** Sends one JSON-RPC notification; quietly does nothing once the stream is closed. */
  void send(String jsonRpcNotification);

  void close();
}
