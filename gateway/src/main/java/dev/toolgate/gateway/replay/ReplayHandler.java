package dev.toolgate.gateway.replay;

import dev.toolgate.gateway.audit.AuditQueries;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session replay page on the admin listener: its static files under {@code /replay/}, open to
 * anyone who reaches the admin port (they hold no data), and its API under {@code /replay/api/},
 * where every request must pass {@link ReplayAccess} before the audit store is asked anything.
 */
public final class ReplayHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ReplayHandler.class);

  private final ReplayAccess access;
  private final ReplayApi api;
  private final ReplayAssets assets = new ReplayAssets();

  /**
   * @param queries the audit store's queries, empty with {@code --audit-store none}
   */
  public ReplayHandler(ReplayAccess access, Supplier<Optional<AuditQueries>> queries, Clock clock) {
    this.access = access;
    this.api = new ReplayApi(queries, clock);
  }

  /** Whether {@code path} belongs to the replay page (then {@link #handle} answers it). */
  public static boolean owns(String path) {
    return path.equals(ReplayAccess.RESOURCE_PATH)
        || path.startsWith(ReplayAccess.RESOURCE_PATH + "/");
  }

  /** Answers a GET or HEAD of a replay path. */
  public void handle(String path, Request request, Response response, Callback callback) {
    if (path.startsWith(ReplayApi.PREFIX)) {
      ReplayAccess.Decision decision =
          access.check(
              request.getHeaders().getValuesList(HttpHeader.AUTHORIZATION),
              request.getHttpURI().getQuery());
      if (decision instanceof ReplayAccess.Decision.Refused refused) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, refused.challenge());
        ReplayHeaders.json(
            response, callback, refused.status(), ReplayJson.error(refused.message()));
        return;
      }
      // Who read the audit is itself worth knowing. Not which session: a session id is what its
      // holder acts in the session with, so it stays out of logs (as out of traces).
      LOG.info(
          "audit read by {}: {}",
          ((ReplayAccess.Decision.Allowed) decision).reader(),
          path.replaceFirst("/sessions/[^/]+/calls$", "/sessions/{id}/calls"));
      ReplayApi.Answer answer = api.answer(path, request);
      ReplayHeaders.json(response, callback, answer.status(), answer.body());
      return;
    }
    if (!assets.serve(path, response, callback)) {
      ReplayHeaders.json(response, callback, 404, ReplayJson.error("not found"));
    }
  }
}
