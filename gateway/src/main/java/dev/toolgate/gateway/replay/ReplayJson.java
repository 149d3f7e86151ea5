package dev.toolgate.gateway.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.gateway.audit.AuditQueries.CallerStats;
import dev.toolgate.gateway.audit.AuditQueries.ToolStats;
import dev.toolgate.gateway.audit.AuditStore.SessionSummary;
import dev.toolgate.gateway.audit.CallFilter;
import dev.toolgate.gateway.calls.FinishedCall;
import java.time.Instant;
import java.util.List;

/**
 * The replay API's JSON: audit rows as they are stored (the arguments and results already
 * redacted), times as ISO-8601 instants. Values are data for the page, which shows them as text.
 */
final class ReplayJson {

  static final ObjectMapper JSON = new ObjectMapper();

  private ReplayJson() {}

  static ObjectNode filter(CallFilter filter, int limit) {
    ObjectNode node = JSON.createObjectNode();
    node.put("tool", filter.tool());
    node.put("principal", filter.subject());
    node.put("since", filter.since().toString());
    node.put("until", filter.until().toString());
    node.put("limit", limit);
    return node;
  }

  static ObjectNode call(FinishedCall call) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", call.id());
    node.put("time", Instant.ofEpochMilli(call.timeMillis()).toString());
    node.put("endpoint", call.endpoint());
    node.put("issuer", call.issuer());
    node.put("subject", call.subject());
    node.put("clientId", call.clientId());
    node.put("session", call.session());
    node.put("upstream", call.upstream());
    node.put("tool", call.tool());
    node.put("argumentsHash", call.argumentsHash());
    node.put("outcome", call.outcome().label());
    node.put("errorCode", call.errorCode());
    node.put("latencyMicros", call.latencyMicros());
    node.put("upstreamMicros", call.upstreamMicros());
    node.put("cost", call.cost());
    node.put("traceId", call.traceId());
    node.put("configVersion", call.configVersion());
    node.put("sync", call.sync());
    node.put("arguments", call.arguments());
    node.put("result", call.result());
    return node;
  }

  static ObjectNode session(SessionSummary session) {
    ObjectNode node = JSON.createObjectNode();
    node.put("session", session.session());
    node.put("subject", session.subject());
    node.put("clientId", session.clientId());
    node.put("firstCall", session.firstCall().toString());
    node.put("lastCall", session.lastCall().toString());
    node.put("calls", session.calls());
    node.put("errors", session.errors());
    node.put("cost", session.cost());
    return node;
  }

  static ObjectNode tool(ToolStats tool) {
    ObjectNode node = JSON.createObjectNode();
    node.put("tool", tool.tool());
    node.put("calls", tool.calls());
    node.put("errors", tool.errors());
    node.put("meanLatencyMicros", Math.round(tool.meanLatencyMicros()));
    node.put("maxLatencyMicros", tool.maxLatencyMicros());
    node.put("cost", tool.cost());
    return node;
  }

  static ObjectNode caller(CallerStats caller) {
    ObjectNode node = JSON.createObjectNode();
    node.put("issuer", caller.issuer());
    node.put("subject", caller.subject());
    node.put("clientId", caller.clientId());
    node.put("calls", caller.calls());
    node.put("errors", caller.errors());
    node.put("cost", caller.cost());
    return node;
  }

  static <T> ArrayNode array(List<T> items, java.util.function.Function<T, ObjectNode> each) {
    ArrayNode array = JSON.createArrayNode();
    items.forEach(item -> array.add(each.apply(item)));
    return array;
  }

  static ObjectNode error(String message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("error", message);
    return node;
  }
}
