package dev.toolgate.gateway.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.gateway.audit.AuditQueries;
import dev.toolgate.gateway.replay.ReplayParameters.BadParameter;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.URIUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replay API's reads, once the caller is allowed: {@code sessions}, {@code sessions/<id>/calls}
 * and {@code summary} (per-tool latency and cost, top callers, errors), each a bounded query of the
 * audit store. Answers are {@link Answer}s; writing them is the handler's.
 */
final class ReplayApi {

  static final String PREFIX = ReplayAccess.RESOURCE_PATH + "/api/";

  private static final Logger LOG = LoggerFactory.getLogger(ReplayApi.class);
  private static final Set<String> FILTERS = Set.of("tool", "principal", "since", "until", "limit");
  private static final int MAX_SESSION_ID = 128;

  /** One answer: a status and a JSON body. */
  record Answer(int status, ObjectNode body) {
    static Answer error(int status, String message) {
      return new Answer(status, ReplayJson.error(message));
    }
  }

  @FunctionalInterface
  private interface Read {
    ObjectNode run(AuditQueries queries, ReplayParameters parameters) throws SQLException;
  }

  private final java.util.function.Supplier<Optional<AuditQueries>> queries;
  private final Clock clock;

  /**
   * @param queries the audit store's queries, empty with {@code --audit-store none}
   */
  ReplayApi(java.util.function.Supplier<Optional<AuditQueries>> queries, Clock clock) {
    this.queries = queries;
    this.clock = clock;
  }

  Answer answer(String path, Request request) {
    String route = path.substring(PREFIX.length());
    if (route.equals("sessions")) {
      return read(request, FILTERS, ReplayApi::sessions);
    }
    if (route.equals("summary")) {
      return read(request, FILTERS, ReplayApi::summary);
    }
    if (route.startsWith("sessions/") && route.endsWith("/calls")) {
      String raw = route.substring("sessions/".length(), route.length() - "/calls".length());
      String session;
      try {
        session = URIUtil.decodePath(raw);
      } catch (RuntimeException e) {
        return Answer.error(400, "the session id is not well-formed");
      }
      if (session.isEmpty()
          || session.length() > MAX_SESSION_ID
          || session.contains("/")
          || !session.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        return Answer.error(
            400, "a session id is 1 to " + MAX_SESSION_ID + " printable ASCII characters");
      }
      return read(request, Set.of("limit"), (store, p) -> calls(store, session, p));
    }
    return Answer.error(404, "no such replay API: " + PREFIX + "sessions, summary");
  }

  private Answer read(Request request, Set<String> allowed, Read read) {
    Optional<AuditQueries> store = queries.get();
    if (store.isEmpty()) {
      return Answer.error(
          503,
          "the audit store is off (--audit-store none): the calls are only in the JSON lines on"
              + " standard output");
    }
    ReplayParameters parameters;
    try {
      parameters = ReplayParameters.parse(parameters(request), allowed, clock);
    } catch (BadParameter e) {
      return Answer.error(400, e.getMessage());
    }
    try {
      return new Answer(200, read.run(store.get(), parameters));
    } catch (SQLException e) {
      LOG.warn("the replay API could not read the audit store: {}", e.getMessage());
      return Answer.error(503, "the audit store did not answer; try again");
    }
  }

  private static Map<String, List<String>> parameters(Request request) throws BadParameter {
    Fields fields;
    try {
      fields = Request.extractQueryParameters(request);
    } catch (RuntimeException e) {
      throw new BadParameter("the query string is not well-formed");
    }
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    for (Fields.Field field : fields) {
      parameters.put(field.getName(), field.getValues());
    }
    return parameters;
  }

  private static ObjectNode sessions(AuditQueries store, ReplayParameters p) throws SQLException {
    ObjectNode body = ReplayJson.JSON.createObjectNode();
    body.set("filter", ReplayJson.filter(p.filter(), p.limit()));
    body.set(
        "sessions", ReplayJson.array(store.sessions(p.filter(), p.limit()), ReplayJson::session));
    return body;
  }

  private static ObjectNode calls(AuditQueries store, String session, ReplayParameters p)
      throws SQLException {
    ObjectNode body = ReplayJson.JSON.createObjectNode();
    body.put("session", session);
    body.set("calls", ReplayJson.array(store.sessionCalls(session, p.limit()), ReplayJson::call));
    return body;
  }

  private static ObjectNode summary(AuditQueries store, ReplayParameters p) throws SQLException {
    ObjectNode body = ReplayJson.JSON.createObjectNode();
    body.set("filter", ReplayJson.filter(p.filter(), p.limit()));
    body.set("tools", ReplayJson.array(store.tools(p.filter(), p.limit()), ReplayJson::tool));
    body.set("callers", ReplayJson.array(store.callers(p.filter(), p.limit()), ReplayJson::caller));
    body.set("errors", ReplayJson.array(store.errors(p.filter(), p.limit()), ReplayJson::call));
    return body;
  }
}
