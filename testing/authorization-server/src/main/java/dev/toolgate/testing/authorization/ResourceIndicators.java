package dev.toolgate.testing.authorization;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * RFC 8707 resource indicators: the {@code resource} parameters of the authorization and token
 * requests decide the access token's audience. Spring Authorization Server 7.0 keeps them as
 * additional parameters but gives them no meaning (only token exchange reads {@code resource}).
 */
final class ResourceIndicators {

  private ResourceIndicators() {}

  /**
   * Thrown for a resource the client may not target: the token endpoint's {@code invalid_target}.
   */
  static final class InvalidTargetException extends RuntimeException {
    InvalidTargetException(String message) {
      super(message);
    }
  }

  /**
   * The resource indicators of one request, as Spring's converters store a parameter: absent, one
   * {@code String}, or a {@code String[]} when repeated.
   */
  static List<String> parse(Object parameter) {
    List<String> values = new ArrayList<>();
    if (parameter instanceof String one) {
      values.add(one);
    } else if (parameter instanceof String[] many) {
      values.addAll(List.of(many));
    } else if (parameter != null) {
      throw new InvalidTargetException("resource must be a string");
    }
    LinkedHashSet<String> distinct = new LinkedHashSet<>();
    for (String value : values) {
      distinct.add(validated(value));
    }
    return List.copyOf(distinct);
  }

  /**
   * The audience of an access token: what the token request names, which must be among what the
   * authorization request named (a token request may narrow, never widen); else what the
   * authorization request named. Empty when neither named a resource.
   */
  static List<String> audience(List<String> authorized, List<String> requested) {
    if (requested.isEmpty()) {
      return authorized;
    }
    if (!authorized.isEmpty() && !authorized.containsAll(requested)) {
      throw new InvalidTargetException(
          "the token request names a resource that the authorization request did not");
    }
    return requested;
  }

  /** RFC 8707 section 2: an absolute URI without a fragment. */
  private static String validated(String value) {
    try {
      URI uri = new URI(value);
      if (!uri.isAbsolute() || uri.getRawFragment() != null) {
        throw new InvalidTargetException("resource must be an absolute URI without a fragment");
      }
      return value;
    } catch (URISyntaxException e) {
      throw new InvalidTargetException("resource is not a URI");
    }
  }
}
