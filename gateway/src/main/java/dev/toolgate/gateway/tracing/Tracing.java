package dev.toolgate.gateway.tracing;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The tracer the standard {@code OTEL_*} variables ask for. Off unless they name somewhere to send
 * spans ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} or an
 * {@code OTEL_TRACES_EXPORTER} other than {@code none}) and {@code OTEL_SDK_DISABLED} is not {@code
 * true}; everything else (protocol, headers, sampler, resource) is the SDK autoconfiguration's.
 * Only traces: metrics are Prometheus's, logs go to stdout.
 */
public final class Tracing {

  private Tracing() {}

  /** Whether these variables turn tracing on. */
  public static boolean requested(Map<String, String> env) {
    if ("true".equalsIgnoreCase(trimmed(env.get("OTEL_SDK_DISABLED")))) {
      return false;
    }
    String exporter = trimmed(env.get("OTEL_TRACES_EXPORTER"));
    if (exporter != null) {
      return !"none".equalsIgnoreCase(exporter);
    }
    return trimmed(env.get("OTEL_EXPORTER_OTLP_ENDPOINT")) != null
        || trimmed(env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")) != null;
  }

  /**
   * The tracer for these variables: {@link CallTracer#OFF} unless {@link #requested}.
   *
   * @throws IllegalArgumentException when the variables are not a valid SDK configuration
   */
  public static CallTracer fromEnvironment(Map<String, String> env) {
    if (!requested(env)) {
      return CallTracer.OFF;
    }
    Map<String, String> properties = new HashMap<>();
    properties.put("otel.service.name", "toolgate-gateway");
    properties.put("otel.metrics.exporter", "none");
    properties.put("otel.logs.exporter", "none");
    env.forEach(
        (name, value) -> {
          if (name.startsWith("OTEL_")) {
            properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
          }
        });
    OpenTelemetrySdk sdk;
    try {
      sdk =
          AutoConfiguredOpenTelemetrySdk.builder()
              .addPropertiesSupplier(() -> properties)
              .disableShutdownHook()
              .build()
              .getOpenTelemetrySdk();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("OTEL_* settings: " + e.getMessage(), e);
    }
    return new OtelCallTracer(sdk, sdk);
  }

  private static String trimmed(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
