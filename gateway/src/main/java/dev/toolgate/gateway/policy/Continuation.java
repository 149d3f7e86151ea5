package dev.toolgate.gateway.policy;

import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a stage wait for a decision without holding a thread: an answer already there (the in-memory
 * backends) continues on the spot and a refusal is thrown as usual; one that comes later (Redis)
 * continues on the thread that delivers it, and a refusal is then answered directly.
 */
final class Continuation {

  private static final Logger LOG = LoggerFactory.getLogger(Continuation.class);

  /** What to do with a value; may refuse the call by throwing. */
  @FunctionalInterface
  interface Step<T> {
    void accept(T value) throws JsonRpcException;
  }

  private Continuation() {}

  static <T> void then(
      WorkerCall call,
      CallAnswers answers,
      CompletionStage<T> decision,
      Step<T> onValue,
      Step<Throwable> onFailure)
      throws JsonRpcException {
    CompletableFuture<T> future = decision.toCompletableFuture();
    if (future.isDone()) {
      T value;
      try {
        value = future.join();
      } catch (CompletionException | java.util.concurrent.CancellationException e) {
        onFailure.accept(e.getCause() == null ? e : e.getCause());
        return;
      }
      onValue.accept(value);
      return;
    }
    future.whenComplete(
        (value, error) -> {
          try {
            if (error == null) {
              onValue.accept(value);
            } else {
              onFailure.accept(
                  error instanceof CompletionException c && c.getCause() != null
                      ? c.getCause()
                      : error);
            }
          } catch (JsonRpcException refused) {
            answers.refuse(call, refused);
          } catch (RuntimeException e) {
            LOG.error("a policy stage failed after waiting for its state", e);
            answers.answer(
                call,
                500,
                List.of(),
                JsonRpcErrors.response(
                    call.message().rawId(), JsonRpcErrors.INTERNAL_ERROR, "Internal error"));
          }
        });
  }
}
