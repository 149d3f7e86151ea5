package dev.toolgate.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialsTest {

  @Test
  void takesTheBearerTokenFromTheAuthorizationHeader() {
    assertThat(Credentials.from(List.of("Bearer abc.def-_~+/="), null))
        .isEqualTo(new Credentials.Bearer("abc.def-_~+/="));
    assertThat(Credentials.from(List.of("bearer   abc"), "x=1"))
        .isEqualTo(new Credentials.Bearer("abc"));
  }

  @Test
  void noHeaderOrAnotherSchemeIsNoToken() {
    assertThat(Credentials.from(List.of(), null)).isInstanceOf(Credentials.Missing.class);
    assertThat(Credentials.from(List.of("Basic dXNlcjpwdw=="), null))
        .isInstanceOf(Credentials.Missing.class);
  }

  @Test
  void refusesATokenInTheQueryStringEvenWithAHeader() {
    Credentials credentials = Credentials.from(List.of("Bearer abc"), "a=1&access_token=abc");
    assertThat(credentials)
        .isInstanceOfSatisfying(
            Credentials.Refused.class,
            r -> {
              assertThat(r.failure().status()).isEqualTo(400);
              assertThat(r.failure().error()).isEqualTo("invalid_request");
              assertThat(r.failure().description()).doesNotContain("abc");
            });
  }

  @Test
  void refusesTwoAuthorizationHeadersAndMalformedTokens() {
    assertThat(Credentials.from(List.of("Bearer a", "Bearer b"), null))
        .isInstanceOf(Credentials.Refused.class);
    assertThat(Credentials.from(List.of("Bearer a b"), null))
        .isInstanceOfSatisfying(
            Credentials.Refused.class,
            r -> assertThat(r.failure().error()).isEqualTo("invalid_token"));
    assertThat(Credentials.from(List.of("Bearer"), null)).isInstanceOf(Credentials.Refused.class);
  }

  @Test
  void aBearerTokenNeverPrintsItself() {
    assertThat(new Credentials.Bearer("secret-token").toString()).doesNotContain("secret");
  }
}
