package dev.toolgate.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.gateway.auth.Principal;
import dev.toolgate.gateway.protocol.JsonRpcParser;
import dev.toolgate.gateway.upstream.ForwardedHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallersTest {

  private static Principal principal(String issuer, String subject) {
    return new Principal(
        issuer, subject, "agent", Set.of(), Set.of("s"), Instant.MAX, Duration.ofMinutes(5), false);
  }

  private static WorkerCall call(Principal caller) throws Exception {
    return new WorkerCall(
        null,
        ForwardedHeaders.NONE,
        caller,
        null,
        JsonRpcParser.parse(
            PolicyFixtures.toolCall("billing.get_invoice").getBytes(StandardCharsets.UTF_8)),
        null);
  }

  @Test
  void aPrincipalIsItsIssuerAndSubjectAndNothingElse() throws Exception {
    Callers callers = Callers.byPrincipal();
    CallerKey alice = callers.of(call(principal("https://idp.a", "alice")));

    assertThat(callers.of(call(principal("https://idp.a", "alice")))).isEqualTo(alice);
    assertThat(callers.of(call(principal("https://idp.b", "alice")))).isNotEqualTo(alice);
    assertThat(callers.of(call(principal("https://idp.a", "bob")))).isNotEqualTo(alice);
    assertThat(alice.id()).hasSize(32).doesNotContain("alice");
  }

  @Test
  void theAnonymousCallerOfAnOpenGatewayIsItsClientAddress() throws Exception {
    assertThat(Callers.byPrincipal().of(call(Principal.ANONYMOUS)))
        .isEqualTo(CallerKey.of("client:unknown"));
  }

  @Test
  void aCallCountsAgainstTheScopesThatAuthorizedIt() throws Exception {
    WorkerCall call = call(principal("https://idp.a", "alice"));
    call.authorizedBy(List.of("billing:read"));

    assertThat(CallScopes.grantedBy().of(call)).containsExactly("billing:read");
  }
}
