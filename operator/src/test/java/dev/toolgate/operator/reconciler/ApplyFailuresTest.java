package dev.toolgate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.operator.status.ApplyFailure;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.OperatorException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplyFailuresTest {

  private static Exception failed(String dependent, int code, String message) {
    Status status = new StatusBuilder().withCode(code).withMessage(message).build();
    KubernetesClientException cause =
        new KubernetesClientException(
            "Failure executing: PATCH at: https://10.0.0.1/api/v1/namespaces/x/services/y."
                + " Message: "
                + message,
            code,
            status);
    return new AggregatedOperatorException("workflow", Map.of(dependent, cause));
  }

  @Test
  void findsTheWorkflowFailureInsideJosdksWrapper() {
    assertThat(
            ApplyFailures.describe(new OperatorException(failed("deployment", 409, "conflict")))
                .message())
        .startsWith("applying the deployment failed");
  }

  @Test
  void anRbacRefusalIsApplyForbiddenNamingTheObjectAndTheVerb() {
    ApplyFailure failure =
        ApplyFailures.describe(
            failed("service", 403, "services \"b\" is forbidden: User \"sa\" cannot create"));
    assertThat(failure.reason()).isEqualTo("ApplyForbidden");
    assertThat(failure.message())
        .isEqualTo(
            "applying the service failed: the operator is not allowed to (403): services \"b\" is"
                + " forbidden: User \"sa\" cannot create; retrying")
        .doesNotContain("https://");
  }

  @Test
  void eachKindOfFailureHasItsOwnReason() {
    assertThat(ApplyFailures.describe(failed("deployment", 409, "conflict")).reason())
        .isEqualTo("ApplyConflict");
    assertThat(ApplyFailures.describe(failed("deployment", 503, "unavailable")).reason())
        .isEqualTo("ApiServerError");
    assertThat(
            ApplyFailures.describe(
                    failed(
                        "deployment",
                        422,
                        "ValidatingAdmissionPolicy 'p' with binding 'b' denied request: no"))
                .reason())
        .isEqualTo("AdmissionDenied");
    assertThat(
            ApplyFailures.describe(
                    failed("deployment", 400, "admission webhook \"w\" denied the request: no"))
                .reason())
        .isEqualTo("AdmissionDenied");
    assertThat(ApplyFailures.describe(failed("deployment", 404, "gone")).reason())
        .isEqualTo("ApplyFailed");
  }

  @Test
  void aFailureInsideTheOperatorSaysOnlyItsKind() {
    ApplyFailure failure =
        ApplyFailures.describe(new IllegalStateException("token=secret\n\tat x.y(Z.java:1)"));
    assertThat(failure.reason()).isEqualTo("ApplyFailed");
    assertThat(failure.message())
        .isEqualTo(
            "reconcile failed inside the operator (IllegalStateException); see the operator log;"
                + " retrying");
  }

  @Test
  void longServerMessagesAreCutToOneLine() {
    ApplyFailure failure = ApplyFailures.describe(failed("service", 500, "line\n".repeat(1000)));
    assertThat(failure.message()).doesNotContain("\n").hasSizeLessThan(700);
  }

  @Test
  void admissionDenialsAreNotTreatedAsInvalidSpecs() {
    assertThat(
            Rejections.find(
                failed("service", 422, "ValidatingAdmissionPolicy 'p' denied request: no")))
        .isEmpty();
    assertThat(Rejections.find(failed("service", 422, "spec.ports: Invalid value"))).isPresent();
  }
}
