package dev.toolgate.gateway.auth;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The gateway's resource identifiers (RFC 8707) and where their metadata is (RFC 9728), all derived
 * from the configured canonical URL. A token is for this gateway when its {@code aud} holds the
 * canonical URL, or the URL of the endpoint it is used on (a client that followed an endpoint's own
 * metadata asks for a token for that endpoint). Scheme and host compare case-insensitively, and a
 * trailing slash is ignored, as the MCP authorization spec asks.
 */
public final class ResourceUrls {

  public static final String METADATA_PATH = "/.well-known/oauth-protected-resource";

  private final String canonical;
  private final String origin;

  /**
   * @param canonical the configured audience, an absolute http(s) URL
   */
  public ResourceUrls(String canonical) {
    this.canonical = normalize(canonical);
    URI uri = URI.create(this.canonical);
    this.origin = uri.getScheme() + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT);
  }

  /** The canonical URL, normalized. */
  public String canonical() {
    return canonical;
  }

  /** {@code scheme://host[:port]} of the canonical URL. */
  public String origin() {
    return origin;
  }

  /** The resource identifier of the endpoint at {@code path}, such as {@code /mcp}. */
  public String endpoint(String path) {
    return origin + path;
  }

  /** Where the metadata of the endpoint at {@code path} is; {@code ""} for the root document. */
  public String metadataUrl(String path) {
    return origin + METADATA_PATH + path;
  }

  /**
   * The audiences of a token that are this gateway's: the canonical URL, or any URL on its origin
   * (one endpoint). Empty when the token was issued for someone else.
   */
  public Set<String> ours(List<String> audiences) {
    Set<String> ours = new HashSet<>();
    for (String audience : audiences) {
      if (audience == null) {
        continue;
      }
      String normalized;
      try {
        normalized = normalize(audience);
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (normalized.equals(canonical) || normalized.startsWith(origin + "/")) {
        ours.add(normalized);
      }
    }
    return Set.copyOf(ours);
  }

  /** Whether a token with these (our) audiences may be used on the endpoint at {@code path}. */
  public boolean accepts(Set<String> ours, String path) {
    return ours.contains(canonical) || ours.contains(origin + path);
  }

  /**
   * Lower-case scheme and host, no fragment, no trailing slash.
   *
   * @throws IllegalArgumentException when the text is not an absolute URL
   */
  static String normalize(String url) {
    URI uri = URI.create(url);
    if (uri.getScheme() == null || uri.getRawAuthority() == null) {
      throw new IllegalArgumentException("not an absolute URL");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return uri.getScheme().toLowerCase(Locale.ROOT)
        + "://"
        + uri.getRawAuthority().toLowerCase(Locale.ROOT)
        + path
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }
}
