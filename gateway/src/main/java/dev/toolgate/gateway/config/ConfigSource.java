package dev.toolgate.gateway.config;

/** Where config texts come from: a file in dev mode, the operator's ConfigMap in a cluster. */
public interface ConfigSource extends AutoCloseable {

  /** Offers the current text to the store and keeps offering every change until closed. */
  void start(ConfigStore store) throws Exception;

  /** A short description for logs, e.g. the file path. */
  String describe();

  @Override
  void close();
}
