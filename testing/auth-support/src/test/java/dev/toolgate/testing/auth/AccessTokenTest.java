package dev.toolgate.testing.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AccessTokenTest {

  private static final String TOKEN =
      part("{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}") + "." + part("{\"sub\":\"agent\"}") + ".c2ln";

  @Test
  void toStringLeavesTheTokenOut() {
    AccessToken token = new AccessToken(TOKEN, "Bearer", 300, "a b");

    assertThat(token.toString()).doesNotContain(TOKEN).doesNotContain(part("{\"sub\":\"agent\"}"));
  }

  @Test
  void decodesHeaderAndClaimsForAssertions() {
    AccessToken token = new AccessToken(TOKEN, "Bearer", 300, "a b");

    assertThat(token.unverifiedHeader().path("typ").asText()).isEqualTo("at+jwt");
    assertThat(token.unverifiedClaims().path("sub").asText()).isEqualTo("agent");
    assertThat(token.authorizationHeader()).isEqualTo("Bearer " + TOKEN);
  }

  private static String part(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
