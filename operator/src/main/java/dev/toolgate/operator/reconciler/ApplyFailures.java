package dev.toolgate.operator.reconciler;

import dev.toolgate.operator.status.ApplyFailure;
import dev.toolgate.operator.status.ConditionTypes.Reasons;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a failed reconcile into a reason and message for status. Only what the API server said
 * about the request goes in (its Status message names the object, the verb and the user); never the
 * exception's own text, which carries URLs and stack frames, and never request headers.
 */
final class ApplyFailures {

  /** Enough to name the object and the refusal; kubectl shows the whole condition message. */
  static final int MAX_DETAIL = 512;

  private ApplyFailures() {}

  static ApplyFailure describe(Exception e) {
    String what = "reconcile";
    Throwable failure = e;
    // JOSDK wraps the workflow's AggregatedOperatorException in an OperatorException.
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AggregatedOperatorException aggregated
          && !aggregated.getAggregatedExceptions().isEmpty()) {
        Map.Entry<String, Exception> first =
            aggregated.getAggregatedExceptions().entrySet().iterator().next();
        what = "applying the " + first.getKey();
        failure = first.getValue();
        break;
      }
    }
    Optional<KubernetesClientException> client = clientException(failure);
    if (client.isEmpty()) {
      return new ApplyFailure(
          Reasons.APPLY_FAILED,
          what
              + " failed inside the operator ("
              + failure.getClass().getSimpleName()
              + "); see the operator log; retrying");
    }
    KubernetesClientException k = client.get();
    String detail = detail(k);
    int code = k.getCode();
    String reason;
    String refusal;
    if (isAdmissionDenial(k)) {
      reason = Reasons.ADMISSION_DENIED;
      refusal = "admission control denied it";
    } else if (code == 403 || code == 401) {
      reason = Reasons.APPLY_FORBIDDEN;
      refusal = "the operator is not allowed to (" + code + ")";
    } else if (code == 409) {
      reason = Reasons.APPLY_CONFLICT;
      refusal = "another writer changed the object (409 Conflict)";
    } else if (code >= 500 || code == 429 || code == 0) {
      reason = Reasons.API_SERVER_ERROR;
      refusal =
          code == 0 ? "the API server did not answer" : "the API server failed (" + code + ")";
    } else {
      reason = Reasons.APPLY_FAILED;
      refusal = "the API server refused it (" + code + ")";
    }
    return new ApplyFailure(
        reason,
        what + " failed: " + refusal + (detail.isEmpty() ? "" : ": " + detail) + "; retrying");
  }

  static Optional<KubernetesClientException> clientException(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /**
   * Webhooks and ValidatingAdmissionPolicies answer with any of 400, 403 or 422; their message says
   * who denied the request.
   */
  static boolean isAdmissionDenial(KubernetesClientException e) {
    String message = serverMessage(e).toLowerCase(Locale.ROOT);
    return message.contains("admission webhook")
        || message.contains("validatingadmissionpolicy")
        || message.contains("denied the request")
        || message.contains("denied request");
  }

  private static String serverMessage(KubernetesClientException e) {
    return e.getStatus() == null || e.getStatus().getMessage() == null
        ? ""
        : e.getStatus().getMessage();
  }

  private static String detail(KubernetesClientException e) {
    String message = serverMessage(e).replaceAll("\\s+", " ").trim();
    return message.length() <= MAX_DETAIL ? message : message.substring(0, MAX_DETAIL - 1) + "…";
  }
}
