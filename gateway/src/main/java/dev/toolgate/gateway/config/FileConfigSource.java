package dev.toolgate.gateway.config;

import dev.toolgate.api.config.UpstreamAddressPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the config from a file and re-reads it when its content changes. Polls rather than using a
 * WatchService: a mounted ConfigMap is swapped through symlinks, which file watches miss, and
 * reading a small file once a second costs nothing.
 */
public final class FileConfigSource implements ConfigSource {

  private static final Logger LOG = LoggerFactory.getLogger(FileConfigSource.class);

  private final Path path;
  private final Duration interval;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("config-file-poll").factory());
  private volatile String lastText;

  public FileConfigSource(Path path, Duration interval) {
    this.path = path;
    this.interval = interval;
  }

  @Override
  public void start(ConfigStore store) {
    poll(store);
    timer.scheduleWithFixedDelay(
        () -> poll(store), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void poll(ConfigStore store) {
    String text;
    try {
      text = Files.readString(path);
    } catch (NoSuchFileException e) {
      if (lastText != null || !store.isLoaded()) {
        LOG.warn("config file {} does not exist; the config in force stays", path);
      }
      lastText = null;
      return;
    } catch (IOException e) {
      LOG.warn("cannot read config file {}: {}", path, e.toString());
      return;
    }
    if (text.equals(lastText)) {
      return;
    }
    lastText = text;
    // Dev mode: local workers listen on loopback under any id.
    store.offer(text, path.toString(), UpstreamAddressPolicy.permissive());
  }

  @Override
  public String describe() {
    return "file " + path;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
