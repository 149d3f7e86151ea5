package dev.toolgate.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthFailuresTest {

  @Test
  void eachRefusalCountsUnderItsRfc6750Reason() {
    AuthFailures failures = new AuthFailures();

    failures.record(AuthFailure.missing("no token"));
    failures.record(AuthFailure.invalidToken("expired"));
    failures.record(AuthFailure.invalidToken("wrong audience"));
    failures.record(AuthFailure.invalidRequest("token in the query"));
    failures.insufficientScope();

    assertThat(failures.count(AuthFailures.Reason.MISSING_TOKEN)).isEqualTo(1);
    assertThat(failures.count(AuthFailures.Reason.INVALID_TOKEN)).isEqualTo(2);
    assertThat(failures.count(AuthFailures.Reason.INVALID_REQUEST)).isEqualTo(1);
    assertThat(failures.count(AuthFailures.Reason.INSUFFICIENT_SCOPE)).isEqualTo(1);
  }
}
