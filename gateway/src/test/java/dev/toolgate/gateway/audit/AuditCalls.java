package dev.toolgate.gateway.audit;

import dev.toolgate.gateway.calls.CallOutcome;
import dev.toolgate.gateway.calls.FinishedCall;

/** Finished calls made up for the audit's own tests. */
final class AuditCalls {

  private AuditCalls() {}

  static FinishedCall call(String id, long timeMillis, String session, String tool) {
    return new FinishedCall(
        id,
        timeMillis,
        "mcp",
        "https://issuer.example",
        "alice",
        "agent-1",
        session,
        "tools/shop",
        tool,
        "sha256:" + "ab".repeat(32),
        CallOutcome.OK,
        null,
        1234,
        900L,
        2,
        "4bf92f3577b34da6a3ce929d0e0e4736",
        "cfg-1",
        false,
        null,
        null);
  }
}
