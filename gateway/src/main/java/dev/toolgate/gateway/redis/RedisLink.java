package dev.toolgate.gateway.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one connection to Redis, shared by every backend that keeps state there. Commands
 * are asynchronous and pipelined on that connection, so a policy stage never holds a thread while
 * Redis answers. Nothing waits for Redis longer than the timeout: while Redis is unreachable every
 * command fails at once (no queueing), and the caller applies its failure mode; the connection is
 * re-established in the background.
 */
public final class RedisLink implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);

  /** A Lua script, run by its SHA-1 and loaded on first use (one round trip either way). */
  public record Script(String source, String sha1) {
    public static Script of(String source) {
      try {
        return new Script(
            source,
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-1")
                        .digest(source.getBytes(StandardCharsets.UTF_8))));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-1 is part of every JDK", e);
      }
    }
  }

  private final ClientResources resources;
  private final RedisClient client;
  private final RedisURI uri;
  private final Duration timeout;
  private final AtomicBoolean connecting = new AtomicBoolean();
  private volatile StatefulRedisConnection<byte[], byte[]> connection;
  private volatile long nextAttemptMillis;
  private volatile boolean closed;

  private RedisLink(String url, Duration timeout) {
    this.timeout = timeout;
    this.resources =
        DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(1).build();
    this.uri = RedisURI.create(url);
    uri.setTimeout(timeout);
    this.client = RedisClient.create(resources, uri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .build());
  }

  /** The longest a gateway's start waits for its first connection, if its timeout is shorter. */
  static final Duration FIRST_CONNECTION_WAIT = Duration.ofSeconds(2);

  /**
   * A link that never fails to start: it waits up to {@code timeout} (at least {@link
   * #FIRST_CONNECTION_WAIT}: a client's first connection loads its network stack) for its first
   * connection, so a gateway whose Redis is up serves its first calls with it (instead of answering
   * them by the failure mode while the connection is still being made), then goes on connecting in
   * the background.
   */
  public static RedisLink open(String url, Duration timeout) {
    RedisLink link = new RedisLink(url, timeout);
    CompletableFuture<Void> first = link.reconnect();
    try {
      first.get(
          Math.max(timeout.toMillis(), FIRST_CONNECTION_WAIT.toMillis()),
          java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException notYet) {
      LOG.warn(
          "Redis at {} is not reachable yet; calls follow --redis-failure-mode until it is",
          link.uri.getHost() + ":" + link.uri.getPort());
    }
    return link;
  }

  /** The longest a command waits for Redis. */
  public Duration timeout() {
    return timeout;
  }

  /** Whether the connection is up right now. */
  public boolean isConnected() {
    StatefulRedisConnection<byte[], byte[]> current = connection;
    return current != null && current.isOpen();
  }

  /** Runs one command; fails at once when there is no connection. */
  public <T> CompletionStage<T> run(
      Function<RedisAsyncCommands<byte[], byte[]>, RedisFuture<T>> command) {
    StatefulRedisConnection<byte[], byte[]> current = connection;
    if (current == null) {
      reconnect();
      return CompletableFuture.failedFuture(new RedisUnavailableException("not connected"));
    }
    try {
      return command.apply(current.async());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Runs a script by its SHA-1, loading it when Redis does not know it yet. */
  public CompletionStage<List<Object>> script(Script script, byte[][] keys, byte[]... args) {
    CompletableFuture<List<Object>> result = new CompletableFuture<>();
    this.<List<Object>>run(r -> r.evalsha(script.sha1(), ScriptOutputType.MULTI, keys, args))
        .whenComplete(
            (value, error) -> {
              if (error == null) {
                result.complete(value);
              } else if (unwrap(error) instanceof RedisNoScriptException) {
                this.<List<Object>>run(
                        r -> r.eval(script.source(), ScriptOutputType.MULTI, keys, args))
                    .whenComplete(
                        (loaded, again) -> {
                          if (again == null) {
                            result.complete(loaded);
                          } else {
                            result.completeExceptionally(again);
                          }
                        });
              } else {
                result.completeExceptionally(error);
              }
            });
    return result;
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  /**
   * Connects unless connected or a recent attempt failed; at most one attempt a second. Completes
   * when this attempt connected, exceptionally when it failed or none was made.
   */
  private CompletableFuture<Void> reconnect() {
    long now = System.currentTimeMillis();
    if (closed || connection != null || now < nextAttemptMillis) {
      return CompletableFuture.failedFuture(new RedisUnavailableException("no attempt now"));
    }
    if (!connecting.compareAndSet(false, true)) {
      return CompletableFuture.failedFuture(new RedisUnavailableException("connecting"));
    }
    nextAttemptMillis = now + 1_000;
    CompletableFuture<Void> connected = new CompletableFuture<>();
    client
        .connectAsync(ByteArrayCodec.INSTANCE, uri)
        .whenComplete(
            (opened, error) -> {
              connecting.set(false);
              if (error != null) {
                LOG.debug("Redis not reachable yet: {}", error.toString());
                connected.completeExceptionally(error);
                return;
              }
              if (closed) {
                opened.closeAsync();
                connected.completeExceptionally(new RedisUnavailableException("closed"));
                return;
              }
              connection = opened;
              LOG.info("connected to Redis");
              connected.complete(null);
            });
    return connected;
  }

  @Override
  public void close() {
    closed = true;
    StatefulRedisConnection<byte[], byte[]> current = connection;
    if (current != null) {
      current.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** Redis cannot be asked right now. */
  public static final class RedisUnavailableException extends RuntimeException {
    public RedisUnavailableException(String message) {
      super(message, null, false, false);
    }
  }
}
