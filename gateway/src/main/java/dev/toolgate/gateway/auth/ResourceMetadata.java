package dev.toolgate.gateway.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;

/** The OAuth 2.0 Protected Resource Metadata document of one endpoint (RFC 9728 section 2). */
public final class ResourceMetadata {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ResourceMetadata() {}

  /**
   * @param resource the endpoint's resource identifier
   * @param authorizationServers issuers a client may get a token from
   * @param scopes the scopes that grant something on this endpoint
   */
  public static byte[] document(
      String resource, List<String> authorizationServers, Collection<String> scopes) {
    ObjectNode document = JSON.createObjectNode();
    document.put("resource", resource);
    if (!authorizationServers.isEmpty()) {
      authorizationServers.forEach(document.putArray("authorization_servers")::add);
    }
    scopes.forEach(document.putArray("scopes_supported")::add);
    document.putArray("bearer_methods_supported").add("header");
    document.put("resource_name", "Toolgate MCP gateway");
    try {
      return JSON.writeValueAsBytes(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree always serializes", e);
    }
  }
}
