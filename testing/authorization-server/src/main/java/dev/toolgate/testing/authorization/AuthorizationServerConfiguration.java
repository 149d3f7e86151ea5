package dev.toolgate.testing.authorization;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AuthorizationCodeRequestAuthenticationConverter;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/** Spring Authorization Server as the test decided: its clients, users, key and token claims. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TestAuthorizationServerProperties.class)
class AuthorizationServerConfiguration {

  /** The protocol endpoints, OIDC included; a browser without a session goes to the login form. */
  @Bean
  @Order(1)
  SecurityFilterChain authorizationServerChain(
      HttpSecurity http,
      RegisteredClientRepository clients,
      TestAuthorizationServerProperties properties)
      throws Exception {
    http.oauth2AuthorizationServer(
            server -> {
              http.securityMatcher(server.getEndpointsMatcher());
              server.oidc(Customizer.withDefaults());
              if (properties.narrowAuthorizationScopes()) {
                server.authorizationEndpoint(
                    endpoint ->
                        endpoint.authorizationRequestConverters(
                            converters ->
                                converters.replaceAll(
                                    converter ->
                                        converter
                                                instanceof
                                                OAuth2AuthorizationCodeRequestAuthenticationConverter
                                            ? new AllowedScopesAuthorizationRequestConverter(
                                                converter, clients)
                                            : converter)));
              }
            })
        .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
        .exceptionHandling(
            exceptions ->
                exceptions.defaultAuthenticationEntryPointFor(
                    new LoginUrlAuthenticationEntryPoint("/login"),
                    new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
    return http.build();
  }

  /** Everything else, the login form in particular. */
  @Bean
  @Order(2)
  SecurityFilterChain loginChain(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
        .formLogin(Customizer.withDefaults());
    return http.build();
  }

  @Bean
  AuthorizationServerSettings authorizationServerSettings(
      TestAuthorizationServerProperties properties) {
    return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
  }

  @Bean
  RegisteredClientRepository registeredClientRepository(
      TestAuthorizationServerProperties properties) {
    if (properties.clients().isEmpty()) {
      throw new IllegalArgumentException(
          "no clients: register one with --as.clients.<client id>.scopes=... and either"
              + " .secret=... (confidential) or .redirect-uris=... (public)");
    }
    TokenSettings tokens =
        TokenSettings.builder()
            .accessTokenTimeToLive(properties.tokenLifetime())
            .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
            .reuseRefreshTokens(false)
            .build();
    ClientSettings settings =
        ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build();
    List<RegisteredClient> registered = new ArrayList<>();
    for (Map.Entry<String, TestAuthorizationServerProperties.Client> entry :
        properties.clients().entrySet()) {
      registered.add(registeredClient(entry.getKey(), entry.getValue(), tokens, settings));
    }
    return new InMemoryRegisteredClientRepository(registered);
  }

  private static RegisteredClient registeredClient(
      String clientId,
      TestAuthorizationServerProperties.Client client,
      TokenSettings tokens,
      ClientSettings settings) {
    RegisteredClient.Builder builder =
        RegisteredClient.withId(UUID.randomUUID().toString())
            .clientId(clientId)
            .scopes(scopes -> scopes.addAll(client.scopes()))
            .redirectUris(uris -> uris.addAll(client.redirectUris()))
            .tokenSettings(tokens)
            .clientSettings(settings);
    if (client.isPublic()) {
      if (client.redirectUris().isEmpty()) {
        throw new IllegalArgumentException(
            "public client " + clientId + " needs --as.clients." + clientId + ".redirect-uris");
      }
      builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
    } else {
      builder
          .clientSecret("{noop}" + client.secret())
          .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
          .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
          .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS);
    }
    if (!client.redirectUris().isEmpty()) {
      builder
          .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
          .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN);
    }
    return builder.build();
  }

  @Bean
  UserDetailsService userDetailsService(TestAuthorizationServerProperties properties) {
    List<UserDetails> users = new ArrayList<>();
    properties
        .users()
        .forEach(
            (name, user) ->
                users.add(
                    User.withUsername(name)
                        .password("{noop}" + user.password())
                        .authorities(
                            user.groups().stream()
                                .map(group -> AccessTokenClaims.GROUP_AUTHORITY_PREFIX + group)
                                .toArray(String[]::new))
                        .build()));
    return new InMemoryUserDetailsManager(users);
  }

  /** A fresh RS256 key per start: tokens of an earlier run never verify. */
  @Bean
  JWKSource<SecurityContext> jwkSource() throws NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    RSAKey key =
        new RSAKey.Builder((RSAPublicKey) pair.getPublic())
            .privateKey(pair.getPrivate())
            .keyID(UUID.randomUUID().toString())
            .keyUse(KeyUse.SIGNATURE)
            .algorithm(JWSAlgorithm.RS256)
            .build();
    return new ImmutableJWKSet<>(new JWKSet(key));
  }

  @Bean
  OAuth2TokenCustomizer<JwtEncodingContext> accessTokenClaims(
      TestAuthorizationServerProperties properties) {
    return new AccessTokenClaims(properties.accessTokenType());
  }
}
