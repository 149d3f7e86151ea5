package dev.toolgate.gateway.config;

import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.GatewayConfigCodec;
import dev.toolgate.api.config.GatewayConfigValidator;
import dev.toolgate.api.config.UpstreamAddressPolicy;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The config in force. A new text is parsed and validated first and swapped in whole only when it
 * has no problems; a bad one is rejected with a log line and the previous config stays. Readers
 * take one snapshot per request, so a swap never changes a request half-way.
 */
public final class ConfigStore {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigStore.class);

  private final AtomicReference<LoadedConfig> current = new AtomicReference<>();
  private final List<Consumer<LoadedConfig>> listeners = new CopyOnWriteArrayList<>();
  private final List<BiConsumer<String, Outcome>> offerListeners = new CopyOnWriteArrayList<>();
  private final Clock clock;

  public ConfigStore(Clock clock) {
    this.clock = clock;
  }

  /** The outcome of offering a config text. */
  public sealed interface Outcome {
    record Applied(LoadedConfig config) implements Outcome {}

    record Unchanged(String hash) implements Outcome {}

    /**
     * @param hash the content hash of the refused text
     * @param problems why it was refused
     */
    record Rejected(String hash, List<String> problems) implements Outcome {}
  }

  /**
   * Parses, validates and, when valid and different, puts a config text in force.
   *
   * @param addresses where upstreams may be: strict for a config from the cluster, permissive only
   *     for a dev-mode file
   */
  public Outcome offer(String text, String origin, UpstreamAddressPolicy addresses) {
    String textHash = GatewayConfigCodec.hash(text == null ? "" : text);
    Outcome outcome = apply(text, textHash, origin, addresses);
    for (BiConsumer<String, Outcome> listener : offerListeners) {
      try {
        listener.accept(textHash, outcome);
      } catch (RuntimeException e) {
        LOG.error("config offer listener failed", e);
      }
    }
    return outcome;
  }

  private Outcome apply(
      String text, String textHash, String origin, UpstreamAddressPolicy addresses) {
    GatewayConfig config;
    try {
      config = GatewayConfigCodec.fromYaml(text);
    } catch (IllegalArgumentException e) {
      return reject(textHash, origin, List.of(e.getMessage()));
    }
    List<String> problems = GatewayConfigValidator.validate(config, addresses);
    if (!problems.isEmpty()) {
      return reject(textHash, origin, problems);
    }
    String hash = GatewayConfigCodec.hash(GatewayConfigCodec.toYaml(config));
    LoadedConfig previous = current.get();
    if (previous != null && previous.hash().equals(hash)) {
      return new Outcome.Unchanged(hash);
    }
    LoadedConfig loaded = new LoadedConfig(config, hash, origin, clock.instant());
    current.set(loaded);
    LOG.info(
        "gateway config {} from {} in force: {} upstream(s)",
        hash,
        origin,
        config.upstreams().size());
    for (Consumer<LoadedConfig> listener : listeners) {
      try {
        listener.accept(loaded);
      } catch (RuntimeException e) {
        LOG.error("config listener failed", e);
      }
    }
    return new Outcome.Applied(loaded);
  }

  private Outcome reject(String textHash, String origin, List<String> problems) {
    LoadedConfig previous = current.get();
    LOG.warn(
        "gateway config from {} rejected, {} stays in force: {}",
        origin,
        previous == null ? "no config" : previous.hash(),
        String.join("; ", problems));
    return new Outcome.Rejected(textHash, problems);
  }

  public Optional<LoadedConfig> current() {
    return Optional.ofNullable(current.get());
  }

  public boolean isLoaded() {
    return current.get() != null;
  }

  /**
   * Called after every offer, swapped in or not, with the content hash of the text as offered (the
   * hash the operator computed for it) and the outcome, on the thread that offered it; a listener
   * must not block.
   */
  public void onOffered(BiConsumer<String, Outcome> listener) {
    offerListeners.add(listener);
  }

  /** Called after every swap, on the thread that offered the config. */
  public void onChange(Consumer<LoadedConfig> listener) {
    listeners.add(listener);
  }
}
