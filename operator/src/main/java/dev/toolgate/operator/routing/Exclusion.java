package dev.toolgate.operator.routing;

import dev.toolgate.api.ToolgateNames;

/**
 * Why an McpTool or McpScope was not compiled at all: there is no McpGateway, or the gateway does
 * not serve its namespace.
 *
 * @param reason a CamelCase condition reason
 * @param message a sentence for people
 */
public record Exclusion(String reason, String message) {

  /** Why nothing in {@link ToolgateNames#NEVER_SERVED_NAMESPACE} is served, for people. */
  public static String neverServed(String namespace) {
    return "namespace "
        + namespace
        + " is never served, whatever the operator's settings or the McpGateway say: no worker"
        + " runs there and nothing is routed; create it in another namespace";
  }

  public static final String NO_GATEWAY = "NoGateway";
  public static final String NAMESPACE_NOT_SERVED =
      dev.toolgate.api.compiler.Violation.NAMESPACE_NOT_SERVED;

  /** No McpGateway of that name exists, so nothing is compiled. */
  public static Exclusion noGateway(String namespace, String name) {
    return new Exclusion(
        NO_GATEWAY,
        "There is no McpGateway "
            + namespace
            + "/"
            + name
            + ": the operator compiles nothing and routes nothing until it exists (the Helm chart"
            + " creates it). A gateway keeps serving the last config it loaded");
  }

  /** The McpGateway lists the namespaces it serves, and this one is not among them. */
  public static Exclusion namespaceNotServed(String gateway, String namespace) {
    if (ToolgateNames.NEVER_SERVED_NAMESPACE.equals(namespace)) {
      return new Exclusion(NAMESPACE_NOT_SERVED, neverServed(namespace));
    }
    return new Exclusion(
        NAMESPACE_NOT_SERVED,
        "McpGateway "
            + gateway
            + " does not serve namespace "
            + namespace
            + " (spec.namespaces); nothing here is routed");
  }
}
