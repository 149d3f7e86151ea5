package dev.toolgate.gateway.policy;

import dev.toolgate.gateway.http.Exchange;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import java.util.List;

/**
 * How a policy stage answers a call itself (a refusal with headers, a cached result) and learns
 * when a call it let through has ended: the HTTP exchange in the gateway, a recorder in tests.
 */
public interface CallAnswers {

  /**
   * Answers the call with one JSON body.
   *
   * @param headers header names and values, alternating
   */
  void answer(WorkerCall call, int status, List<String> headers, byte[] body);

  /** Runs {@code action} once the call's exchange has ended, however it ended. */
  void onDone(WorkerCall call, Runnable action);

  /**
   * The call will wait up to {@code millis} for an answer made elsewhere (an identical call in
   * flight): its client connection may stay silent that long.
   */
  default void waiting(WorkerCall call, long millis) {}

  /**
   * The last bytes the call's answer ended with (a JSON body or a stream's final event), {@code
   * null} when none were written; read once the call is done.
   */
  default byte[] finalBytes(WorkerCall call) {
    return null;
  }

  /** Answers with a refusal the pipeline would have sent had it been thrown in time. */
  default void refuse(WorkerCall call, JsonRpcException e) {
    answer(
        call,
        e.httpStatus(),
        e.headers(),
        JsonRpcErrors.response(e.rawId(), e.code(), e.getMessage()));
  }

  /** Answers through the call's HTTP exchange. */
  static CallAnswers http() {
    return new CallAnswers() {
      @Override
      public void answer(WorkerCall call, int status, List<String> headers, byte[] body) {
        Exchange exchange = call.exchange();
        for (int i = 0; i + 1 < headers.size(); i += 2) {
          exchange.header(headers.get(i), headers.get(i + 1));
        }
        // Through the response stream, so what waits for the exchange's end runs (the idle
        // timeout a waiting call raised is restored).
        exchange.out().finishJson(status, body);
      }

      @Override
      public void onDone(WorkerCall call, Runnable action) {
        call.exchange().out().onDone(action);
      }

      @Override
      public void waiting(WorkerCall call, long millis) {
        call.exchange().allowSilence(millis);
      }

      @Override
      public byte[] finalBytes(WorkerCall call) {
        return call.exchange().out().finalBytes();
      }
    };
  }
}
