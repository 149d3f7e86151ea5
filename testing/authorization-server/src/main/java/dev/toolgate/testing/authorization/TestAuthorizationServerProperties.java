package dev.toolgate.testing.authorization;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything a test decides, from command-line arguments ({@code --as.clients.agent.secret=s}) or
 * the environment ({@code AS_CLIENTS_AGENT_SECRET=s}).
 *
 * @param issuer the issuer identifier; default {@code http://127.0.0.1:<port>}
 * @param tokenLifetime lifetime of access tokens
 * @param accessTokenType the JWS {@code typ} header of access tokens (RFC 9068 {@code at+jwt});
 *     empty for none
 * @param narrowAuthorizationScopes at the authorization endpoint, grant the requested scopes that
 *     the client may have and drop the others (refusing only when none is left), as Keycloak does;
 *     MCP clients ask for every scope in the resource's {@code scopes_supported}. The token
 *     endpoint (client credentials) always refuses a scope the client may not have.
 * @param clients registered clients by client id
 * @param users users who can log in by form, by user name
 */
@ConfigurationProperties("as")
public record TestAuthorizationServerProperties(
    String issuer,
    @DefaultValue("5m") Duration tokenLifetime,
    @DefaultValue("at+jwt") String accessTokenType,
    @DefaultValue("true") boolean narrowAuthorizationScopes,
    Map<String, Client> clients,
    Map<String, User> users) {

  public TestAuthorizationServerProperties {
    clients = clients == null ? Map.of() : Map.copyOf(clients);
    users = users == null ? Map.of() : Map.copyOf(users);
  }

  /**
   * A registered client. With a secret it is confidential and may use client credentials (and the
   * authorization code flow if it has redirect URIs); without one it is public: authorization code
   * with PKCE (and refresh token) only, and needs redirect URIs.
   *
   * @param secret the client secret (client_secret_basic or client_secret_post); absent for public
   * @param scopes the scopes the client may be granted
   * @param redirectUris where authorization responses may go (loopback IPs match any port)
   */
  public record Client(String secret, List<String> scopes, List<String> redirectUris) {

    public Client {
      scopes = scopes == null ? List.of() : List.copyOf(scopes);
      redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
    }

    boolean isPublic() {
      return secret == null || secret.isEmpty();
    }
  }

  /**
   * A user for the login form.
   *
   * @param password the password, in clear: this server is for tests
   * @param groups what the access token's {@code groups} claim carries for this user
   */
  public record User(String password, List<String> groups) {

    public User {
      groups = groups == null ? List.of() : List.copyOf(groups);
    }
  }
}
