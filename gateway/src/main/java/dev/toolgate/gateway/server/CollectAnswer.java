package dev.toolgate.gateway.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.policy.CallStage;
import dev.toolgate.gateway.policy.WorkerCall;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.upstream.UpstreamException;
import dev.toolgate.gateway.upstream.UpstreamFailure;
import dev.toolgate.gateway.upstream.UpstreamHandshake;
import dev.toolgate.gateway.upstream.UpstreamSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The last stage of a request the gateway reads itself before it answers the client (one worker's
 * page of an aggregated list): sends it in the client session's worker session, waits for the
 * answer, rewrites it as the pipeline said and keeps it on the call. A failure is kept as a
 * JSON-RPC error answer. A worker session the worker no longer knows (it restarted) is replaced
 * once. Blocks: it runs on a virtual thread.
 */
final class CollectAnswer implements CallStage {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final UpstreamHandshake handshake;
  private final AggregatedForward sessions;

  /**
   * @param sessions where the client session's worker sessions are opened, as for calls
   */
  CollectAnswer(UpstreamHandshake handshake, AggregatedForward sessions) {
    this.handshake = handshake;
    this.sessions = sessions;
  }

  @Override
  public void apply(WorkerCall call, CallChain chain) {
    String id = idOf(call.upstreamBody());
    UpstreamConfig worker = call.upstream();
    String answer;
    try {
      answer = askOnce(call, worker, id);
      if (answer == null) {
        answer = askOnce(call, worker, id);
      }
      if (answer == null) {
        throw new UpstreamException(
            UpstreamFailure.badResponse(worker.id(), "the worker forgot a session it just opened"));
      }
    } catch (UpstreamException e) {
      answer =
          new String(
              JsonRpcErrors.response(
                  JSON.valueToTree(id).toString(), e.failure().code(), e.failure().message()),
              StandardCharsets.UTF_8);
    }
    call.collected(
        new String(
            call.answerRewrite().apply(answer.getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.UTF_8));
  }

  /**
   * The answer in the client session's worker session; {@code null} when the worker no longer knows
   * that session (it restarted), which is then forgotten so the next ask opens a new one.
   */
  private String askOnce(WorkerCall call, UpstreamConfig worker, String id)
      throws UpstreamException {
    UpstreamSession session = sessions.workerSession(call, worker);
    String answer =
        handshake.answer(
            session,
            call.upstreamBody(),
            id,
            call.headers(),
            Duration.ofMillis(call.timeoutMillis()));
    if (answer == null) {
      call.session().workers().forget(session);
    }
    return answer;
  }

  private static String idOf(byte[] body) {
    try {
      return JSON.readTree(body).path("id").asText();
    } catch (IOException e) {
      throw new IllegalStateException("the gateway wrote this request itself", e);
    }
  }
}
