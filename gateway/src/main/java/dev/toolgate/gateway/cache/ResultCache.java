package dev.toolgate.gateway.cache;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Tool results by key, each with its own time to live. Values are stored as given. */
public interface ResultCache {

  /** The value, or {@code null} when absent or expired; fails only when the store is down. */
  CompletionStage<byte[]> get(String key);

  /** Stores a value; fails only when the store is down. */
  CompletionStage<Void> put(String key, byte[] value, Duration ttl);
}
