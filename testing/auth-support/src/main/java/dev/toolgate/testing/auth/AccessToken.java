package dev.toolgate.testing.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * An access token from the token endpoint. {@link #toString()} leaves the token out, so it never
 * lands in a log or an assertion message by accident.
 *
 * @param value the token itself, for the {@code Authorization: Bearer} header
 * @param tokenType {@code Bearer}
 * @param expiresIn seconds, as the token response says
 * @param scope the granted scopes, space-delimited, as the token response says (null if absent)
 */
public record AccessToken(String value, String tokenType, long expiresIn, String scope) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code Bearer <token>}. */
  public String authorizationHeader() {
    return "Bearer " + value;
  }

  /** The JWT's claims, decoded without checking the signature: for assertions, not for trust. */
  public JsonNode unverifiedClaims() {
    return part(1);
  }

  /** The JWS header, decoded without checking the signature. */
  public JsonNode unverifiedHeader() {
    return part(0);
  }

  private JsonNode part(int index) {
    String[] parts = value.split("\\.");
    if (parts.length != 3) {
      throw new IllegalStateException("the access token is not a JWS compact serialization");
    }
    try {
      return JSON.readTree(Base64.getUrlDecoder().decode(parts[index]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "AccessToken[tokenType="
        + tokenType
        + ", expiresIn="
        + expiresIn
        + ", scope="
        + scope
        + ", value=<redacted>]";
  }
}
