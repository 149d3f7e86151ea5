package dev.toolgate.gateway.protocol;

import java.util.List;

/** The MCP protocol revisions the gateway speaks, newest first. */
public final class ProtocolVersions {

  public static final String LATEST = "2025-11-25";

  /**
   * What a server assumes when a request carries no {@code MCP-Protocol-Version} header (transport
   * spec, "Protocol Version Header").
   */
  public static final String ASSUMED_WHEN_ABSENT = "2025-03-26";

  public static final List<String> SUPPORTED =
      List.of(LATEST, "2025-06-18", "2025-03-26", "2024-11-05");

  private ProtocolVersions() {}

  public static boolean isSupported(String version) {
    return SUPPORTED.contains(version);
  }

  /**
   * The client's version when we speak it, else our latest (lifecycle spec, "Version Negotiation").
   */
  public static String negotiate(String requested) {
    return isSupported(requested) ? requested : LATEST;
  }
}
