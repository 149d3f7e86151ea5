package dev.toolgate.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChallengeTest {

  @Test
  void aRequestWithoutTokenGetsTheMetadataUrlOnly() {
    assertThat(
            Challenge.of(
                AuthFailure.missing("x"), "https://g/.well-known/oauth-protected-resource/mcp"))
        .isEqualTo(
            "Bearer resource_metadata=\"https://g/.well-known/oauth-protected-resource/mcp\"");
  }

  @Test
  void aBadTokenGetsInvalidTokenWithADescription() {
    assertThat(Challenge.of(AuthFailure.invalidToken("the token \"has\" expired"), "https://g/m"))
        .isEqualTo(
            "Bearer resource_metadata=\"https://g/m\", error=\"invalid_token\","
                + " error_description=\"the token \\\"has\\\" expired\"");
  }

  @Test
  void insufficientScopeNamesTheScopesThatWouldGrant() {
    assertThat(Challenge.insufficientScope(List.of("a.b", "c:read"), "https://g/m", "no scope"))
        .isEqualTo(
            "Bearer error=\"insufficient_scope\", scope=\"a.b c:read\","
                + " resource_metadata=\"https://g/m\", error_description=\"no scope\"");
  }
}
