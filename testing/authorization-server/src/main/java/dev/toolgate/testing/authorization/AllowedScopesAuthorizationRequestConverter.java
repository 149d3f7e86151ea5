package dev.toolgate.testing.authorization;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Grants an authorization request the requested scopes that the client may have and drops the
 * others (RFC 6749 section 3.3 lets the server issue fewer; the token response then names them). An
 * MCP client asks for every scope the resource lists, so a strict server would refuse a client that
 * may call only some tools. When none of the requested scopes is allowed the request passes
 * unchanged and Spring refuses it with {@code invalid_scope}.
 */
final class AllowedScopesAuthorizationRequestConverter implements AuthenticationConverter {

  private final AuthenticationConverter delegate;
  private final RegisteredClientRepository clients;

  AllowedScopesAuthorizationRequestConverter(
      AuthenticationConverter delegate, RegisteredClientRepository clients) {
    this.delegate = delegate;
    this.clients = clients;
  }

  @Override
  public Authentication convert(HttpServletRequest request) {
    Authentication converted = delegate.convert(request);
    if (!(converted instanceof OAuth2AuthorizationCodeRequestAuthenticationToken authorization)
        || authorization.getScopes().isEmpty()) {
      return converted;
    }
    RegisteredClient client = clients.findByClientId(authorization.getClientId());
    if (client == null) {
      return converted;
    }
    Set<String> granted = new LinkedHashSet<>(authorization.getScopes());
    granted.retainAll(client.getScopes());
    if (granted.isEmpty() || granted.size() == authorization.getScopes().size()) {
      return converted;
    }
    return new OAuth2AuthorizationCodeRequestAuthenticationToken(
        authorization.getAuthorizationUri(),
        authorization.getClientId(),
        (Authentication) authorization.getPrincipal(),
        authorization.getRedirectUri(),
        authorization.getState(),
        granted,
        authorization.getAdditionalParameters());
  }
}
