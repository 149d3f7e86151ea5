package dev.toolgate.gateway.policy;

import dev.toolgate.gateway.auth.Authenticator;
import dev.toolgate.gateway.auth.Challenge;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import java.util.List;

/** The answers of the authorization stages. */
final class Refusals {

  private Refusals() {}

  /** A call that reached a stage without an authenticated caller: refused, never let through. */
  static JsonRpcException unauthenticated(String rawId) {
    return new JsonRpcException(
        401, JsonRpcErrors.UNAUTHORIZED, "Unauthorized: no authenticated caller", rawId);
  }

  /**
   * HTTP 403 with the step-up challenge (MCP authorization spec, "Runtime Insufficient Scope
   * Errors"), and the same as a JSON-RPC error on the request.
   */
  static JsonRpcException insufficientScope(
      Authenticator authenticator,
      String endpointPath,
      List<String> scopes,
      String what,
      String rawId) {
    authenticator.failures().insufficientScope();
    String metadata =
        authenticator
            .settings()
            .map(settings -> settings.resource().metadataUrl(endpointPath))
            .orElse(null);
    String description = "the token has no scope that grants " + what;
    return new JsonRpcException(
            403,
            JsonRpcErrors.INSUFFICIENT_SCOPE,
            "Forbidden: "
                + description
                + (scopes.isEmpty() ? "" : "; one of these would: " + String.join(" ", scopes)),
            rawId)
        .withHeader(Challenge.HEADER, Challenge.insufficientScope(scopes, metadata, description));
  }
}
