package dev.toolgate.gateway.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Call spans on an OpenTelemetry SDK. Attribute names follow the OpenTelemetry semantic conventions
 * for MCP ({@code mcp.method.name}, {@code mcp.session.id}, {@code mcp.protocol.version}, {@code
 * jsonrpc.request.id}) and GenAI tools ({@code gen_ai.tool.name}, {@code gen_ai.operation.name});
 * the span is named {@code tools/call <tool>} as they ask. Stages are {@code INTERNAL} children
 * named {@code toolgate.stage <Stage>}.
 */
final class OtelCallTracer implements CallTracer {

  static final AttributeKey<String> METHOD = AttributeKey.stringKey("mcp.method.name");
  static final AttributeKey<String> SESSION = AttributeKey.stringKey("mcp.session.id");
  static final AttributeKey<String> PROTOCOL = AttributeKey.stringKey("mcp.protocol.version");
  static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("jsonrpc.request.id");
  static final AttributeKey<String> TOOL = AttributeKey.stringKey("gen_ai.tool.name");
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> TRANSPORT = AttributeKey.stringKey("network.transport");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<Long> ERROR_CODE = AttributeKey.longKey("rpc.response.status_code");
  static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey("toolgate.endpoint");

  private static final String TOOLS_CALL = "tools/call";
  private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();

  private static final TextMapGetter<CallAttributes> FROM_CLIENT =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(CallAttributes carrier) {
          return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(CallAttributes carrier, String key) {
          if (carrier == null) {
            return null;
          }
          return switch (key) {
            case "traceparent" -> carrier.traceparent();
            case "tracestate" -> carrier.tracestate();
            default -> null;
          };
        }
      };

  private final Tracer tracer;
  private final AutoCloseable sdk;

  OtelCallTracer(OpenTelemetry openTelemetry, AutoCloseable sdk) {
    this.tracer = openTelemetry.getTracer("dev.toolgate.gateway");
    this.sdk = sdk;
  }

  @Override
  public CallSpan start(CallAttributes call) {
    Context parent = W3C.extract(Context.root(), call, FROM_CLIENT);
    Span span =
        tracer
            .spanBuilder(TOOLS_CALL)
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute(METHOD, TOOLS_CALL)
            .setAttribute(OPERATION, "execute_tool")
            .setAttribute(TRANSPORT, "tcp")
            .setAttribute(ENDPOINT, call.endpoint())
            .startSpan();
    putIfPresent(span, SESSION, call.sessionIdHash());
    putIfPresent(span, PROTOCOL, call.protocolVersion());
    putIfPresent(span, REQUEST_ID, unquoted(call.requestId()));
    return new OtelCallSpan(span, parent.with(span));
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public void close() {
    try {
      sdk.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the OpenTelemetry SDK failed", e);
    }
  }

  private static void putIfPresent(Span span, AttributeKey<String> key, String value) {
    if (value != null) {
      span.setAttribute(key, value);
    }
  }

  /** A JSON string id without its quotes (escapes kept: ids are opaque). */
  static String unquoted(String rawId) {
    return rawId != null && rawId.length() >= 2 && rawId.startsWith("\"") && rawId.endsWith("\"")
        ? rawId.substring(1, rawId.length() - 1)
        : rawId;
  }

  private final class OtelCallSpan implements CallSpan {
    private final Span span;
    private final Context context;
    private Map<String, String> outgoing;

    OtelCallSpan(Span span, Context context) {
      this.span = span;
      this.context = context;
    }

    @Override
    public StageSpan stage(String name) {
      Span stage =
          tracer
              .spanBuilder("toolgate.stage " + name)
              .setParent(context)
              .setSpanKind(SpanKind.INTERNAL)
              .startSpan();
      return new StageSpan() {
        @Override
        public void refused(int jsonRpcCode, String description) {
          stage.setAttribute(ERROR_CODE, (long) jsonRpcCode);
          stage.setStatus(StatusCode.ERROR, description);
        }

        @Override
        public void end() {
          stage.end();
        }
      };
    }

    @Override
    public void tool(String exposedName) {
      if (exposedName != null) {
        span.setAttribute(TOOL, exposedName);
        span.updateName(TOOLS_CALL + " " + exposedName);
      }
    }

    @Override
    public void failed(int jsonRpcCode, String description) {
      span.setAttribute(ERROR_TYPE, String.valueOf(jsonRpcCode));
      span.setAttribute(ERROR_CODE, (long) jsonRpcCode);
      span.setStatus(StatusCode.ERROR, description);
    }

    @Override
    public String traceparent() {
      return outgoing().get("traceparent");
    }

    @Override
    public String tracestate() {
      return outgoing().get("tracestate");
    }

    private Map<String, String> outgoing() {
      if (outgoing == null) {
        Map<String, String> headers = new HashMap<>(4);
        W3C.inject(context, headers, Map::put);
        outgoing = headers;
      }
      return outgoing;
    }

    @Override
    public void end() {
      span.end();
    }
  }
}
