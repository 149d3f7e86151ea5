package dev.toolgate.cli.dev;

import dev.toolgate.api.config.ScopeConfig;
import dev.toolgate.gateway.replay.ReplayAccess;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Optional;

/**
 * What {@code toolgate dev} prints once everything answers: the MCP URL, the workers, a token per
 * McpScope, and how to point Claude Desktop, Cursor and the MCP Inspector at the gateway.
 */
final class ReadySummary {

  private final PrintStream out;
  private final DevTokenIssuer issuer;
  private final DevAudit audit;

  ReadySummary(PrintStream out, DevTokenIssuer issuer, DevAudit audit) {
    this.out = out;
    this.issuer = issuer;
    this.audit = audit;
  }

  /**
   * @param adminPort the gateway's admin port, where the replay page is; -1 when it has none
   */
  void print(
      double seconds,
      String mcpUrl,
      int adminPort,
      DevGatewayConfig config,
      Collection<LocalWorker> workers,
      DevOverrides overrides) {
    out.println();
    out.printf("Toolgate dev is ready in %.1f s. Ctrl-C stops everything it started.%n", seconds);
    out.println(
        "  MCP URL: " + mcpUrl + "   (every call needs a token; tools are <mcptool>.<tool>)");
    out.println(
        overrides.file() == null
            ? "Workers: none (no " + DevOverrides.FILE_NAME + " under the directory)"
            : "Workers (dev overrides in " + overrides.file() + "):");
    for (LocalWorker worker : workers) {
      out.printf(
          "  %-22s pid %-7d %s   log %s%n",
          worker.mcpTool(), worker.pid(), worker.url(), worker.log());
    }
    for (String id : config.notRun()) {
      out.printf("  %-22s not run here: no dev override for it%n", id);
    }
    audit.summary(mcpUrl.replaceFirst("/mcp$", "")).forEach(line -> out.println(line));
    if (adminPort >= 0) {
      replayPage(adminPort);
    }
    tokens(config);
    Optional<DevTokenIssuer.Grant> all = ScopeGrants.forAll(config.config());
    if (all.isPresent()) {
      String token = issuer.mint(all.get());
      out.println("Clients (a token with every scope above; it expires like the others):");
      out.println("  Claude Desktop, claude_desktop_config.json (through npx mcp-remote):");
      out.println(
          "    {\"mcpServers\": {\"toolgate\": {\"command\": \"npx\", \"args\": [\"mcp-remote\", \""
              + mcpUrl
              + "\", \"--header\", \"Authorization:${TOOLGATE_AUTH}\"], \"env\": {\"TOOLGATE_AUTH\":"
              + " \"Bearer "
              + token
              + "\"}}}}");
      out.println("  Cursor, ~/.cursor/mcp.json:");
      out.println(
          "    {\"mcpServers\": {\"toolgate\": {\"url\": \""
              + mcpUrl
              + "\", \"headers\": {\"Authorization\": \"Bearer "
              + token
              + "\"}}}}");
      out.println("  MCP Inspector:");
      out.println(
          "    npx @modelcontextprotocol/inspector --cli "
              + mcpUrl
              + " --transport http --header \"Authorization: Bearer "
              + token
              + "\" --method tools/list");
    }
    out.flush();
  }

  /**
   * The replay page's link with a token that may read the audit, in the fragment: the browser keeps
   * it and never sends it to a server.
   */
  void replayPage(int adminPort) {
    out.println(
        "Replay page (a token with "
            + ReplayAccess.SCOPE
            + " for 15 minutes; a fresh one: curl -s '"
            + issuer.tokenUrl()
            + "?scope="
            + ReplayAccess.SCOPE
            + "'):");
    out.println(
        "  http://127.0.0.1:"
            + adminPort
            + "/replay/#token="
            + issuer.mint(ScopeGrants.auditReader()));
  }

  /** A fresh token per McpScope in force, and where to get another. */
  void tokens(DevGatewayConfig config) {
    out.println(
        "Tokens, one per McpScope (a fresh one: curl -s '" + issuer.tokenUrl() + "?scope=SCOPE'):");
    for (ScopeConfig scope : config.config().scopes()) {
      Optional<DevTokenIssuer.Grant> grant = ScopeGrants.grant(scope);
      out.printf(
          "  %s (McpScope %s; grants %s)%n",
          scope.scope(), scope.source(), String.join(", ", scope.tools()));
      out.println(
          grant.isPresent()
              ? "    " + issuer.mint(grant.get())
              : "    none: it admits only Kubernetes service accounts, whose tokens come from a"
                  + " cluster");
    }
    for (String scope : config.scopesOut()) {
      out.printf("  %s: not in force here, none of its tools runs locally%n", scope);
    }
    out.flush();
  }
}
