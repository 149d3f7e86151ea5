package dev.toolgate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RejectionsTest {

  private static KubernetesClientException failure(int code, String message) {
    return new KubernetesClientException(
        new StatusBuilder().withCode(code).withMessage(message).build());
  }

  @Test
  void anInvalidObjectIsARejection() {
    var rejected = Rejections.find(new RuntimeException(failure(422, "Deployment is invalid")));
    assertThat(rejected).isPresent();
    assertThat(Rejections.describe(rejected.get())).isEqualTo("Deployment is invalid");
  }

  @Test
  void conflictsAndServerErrorsAreWorthRetrying() {
    assertThat(Rejections.find(failure(409, "conflict"))).isEmpty();
    assertThat(Rejections.find(failure(503, "unavailable"))).isEmpty();
    assertThat(Rejections.find(new IllegalStateException("boom"))).isEmpty();
  }

  @Test
  void aWorkflowFailureIsARejectionOnlyWhenEveryPartIs() {
    var allRejected =
        new AggregatedOperatorException(
            "x", Map.of("a", failure(422, "a"), "b", failure(400, "b")));
    var mixed =
        new AggregatedOperatorException(
            "x", Map.of("a", failure(422, "a"), "b", failure(500, "b")));
    assertThat(Rejections.find(allRejected)).isPresent();
    assertThat(Rejections.find(mixed)).isEmpty();
  }
}
