package dev.toolgate.gateway.policy;

import dev.toolgate.gateway.calls.CallObserver;
import java.util.function.Supplier;

/**
 * Where finished calls go, and what every record names besides the call: the config version in
 * force.
 *
 * @param observer every sink of finished calls (audit, metrics, traces)
 * @param configVersion the hash of the gateway config in force
 */
public record CallRecording(CallObserver observer, Supplier<String> configVersion) {

  /** Calls are recorded nowhere: the stages that record cost nothing. */
  public static final CallRecording NONE = new CallRecording(CallObserver.NONE, () -> null);

  boolean off() {
    return observer == CallObserver.NONE;
  }
}
