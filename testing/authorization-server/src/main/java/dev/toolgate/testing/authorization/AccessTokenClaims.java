package dev.toolgate.testing.authorization;

import java.util.List;
import java.util.TreeSet;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * The access token's claims beyond Spring's defaults ({@code iss}, {@code sub}, {@code iat}, {@code
 * nbf}, {@code exp}, {@code jti}): {@code aud} from the resource indicators, {@code scope} as the
 * space-delimited string of RFC 9068 (Spring writes an array), {@code client_id}, the user's {@code
 * groups}, and the {@code typ} header.
 */
final class AccessTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

  /** Users' groups travel as authorities with this prefix. */
  static final String GROUP_AUTHORITY_PREFIX = "GROUP_";

  private static final String RESOURCE = "resource";
  private static final String INVALID_TARGET_URI =
      "https://www.rfc-editor.org/rfc/rfc8707#section-2";

  private final String tokenType;

  AccessTokenClaims(String tokenType) {
    this.tokenType = tokenType == null ? "" : tokenType;
  }

  @Override
  public void customize(JwtEncodingContext context) {
    if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
      return;
    }
    if (!tokenType.isEmpty()) {
      context.getJwsHeader().type(tokenType);
    }
    JwtClaimsSet.Builder claims = context.getClaims();
    claims.claim("client_id", context.getRegisteredClient().getClientId());
    if (context.getAuthorizedScopes().isEmpty()) {
      claims.claims(all -> all.remove("scope"));
    } else {
      // Sorted: Spring's scope sets have no order, and a stable claim makes tests and logs stable.
      claims.claim("scope", String.join(" ", new TreeSet<>(context.getAuthorizedScopes())));
    }
    List<String> audience = audience(context);
    if (!audience.isEmpty()) {
      claims.audience(audience);
    }
    AuthorizationGrantType grant = context.getAuthorizationGrantType();
    if (AuthorizationGrantType.AUTHORIZATION_CODE.equals(grant)
        || AuthorizationGrantType.REFRESH_TOKEN.equals(grant)) {
      claims.claim("groups", groups(context.getPrincipal()));
    }
  }

  private static List<String> audience(JwtEncodingContext context) {
    try {
      List<String> requested = List.of();
      if (context.getAuthorizationGrant()
          instanceof OAuth2AuthorizationGrantAuthenticationToken grant) {
        requested = ResourceIndicators.parse(grant.getAdditionalParameters().get(RESOURCE));
      }
      List<String> authorized = List.of();
      OAuth2Authorization authorization = context.getAuthorization();
      if (authorization != null) {
        OAuth2AuthorizationRequest request =
            authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
        if (request != null) {
          authorized = ResourceIndicators.parse(request.getAdditionalParameters().get(RESOURCE));
        }
      }
      return ResourceIndicators.audience(authorized, requested);
    } catch (ResourceIndicators.InvalidTargetException e) {
      throw new OAuth2AuthenticationException(
          new OAuth2Error("invalid_target", e.getMessage(), INVALID_TARGET_URI));
    }
  }

  private static List<String> groups(Authentication principal) {
    return principal.getAuthorities().stream()
        .map(GrantedAuthority::getAuthority)
        .filter(authority -> authority != null && authority.startsWith(GROUP_AUTHORITY_PREFIX))
        .map(authority -> authority.substring(GROUP_AUTHORITY_PREFIX.length()))
        .toList();
  }
}
