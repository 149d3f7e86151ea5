package dev.toolgate.gateway.transport;

import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.auth.AuthFailure;
import dev.toolgate.gateway.auth.AuthOutcome;
import dev.toolgate.gateway.auth.Authenticator;
import dev.toolgate.gateway.auth.Challenge;
import dev.toolgate.gateway.auth.Credentials;
import dev.toolgate.gateway.health.HealthHandler;
import dev.toolgate.gateway.http.Exchange;
import dev.toolgate.gateway.http.HttpResponses;
import dev.toolgate.gateway.identity.IdentityKeys;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.routing.Router;
import dev.toolgate.gateway.server.AggregatedServer;
import dev.toolgate.gateway.server.PassthroughServer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root handler: health endpoints and the public {@code /.well-known/} documents, then DNS
 * rebinding checks, then authentication of every MCP request (POST, GET and DELETE alike, before
 * its body is read), then the aggregated endpoint or the passthrough endpoint of the worker whose
 * path was asked for. Non-blocking: it runs on the I/O thread that parsed the request, reads the
 * body as it arrives and hands the call to the worker client without a thread hand-off; the few
 * blocking steps (opening a worker session) move to virtual threads themselves.
 */
public final class GatewayHandler extends Handler.Abstract.NonBlocking {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);

  public static final String AGGREGATED_PATH = "/mcp";
  public static final String PASSTHROUGH_PREFIX = "/mcp/tools/";

  private final OriginPolicy origins;
  private final Router router;
  private final AggregatedServer aggregated;
  private final PassthroughServer passthrough;
  private final HealthHandler health;
  private final RequestChecks checks;
  private final Authenticator authenticator;
  private final WellKnown wellKnown;
  private final Batches batches;

  public GatewayHandler(
      OriginPolicy origins,
      RequestChecks checks,
      Router router,
      AggregatedServer aggregated,
      PassthroughServer passthrough,
      HealthHandler health,
      Authenticator authenticator,
      IdentityKeys identityKeys,
      Batches batches) {
    this.batches = batches;
    this.origins = origins;
    this.authenticator = authenticator;
    this.wellKnown = new WellKnown(authenticator, router, identityKeys);
    this.checks = checks;
    this.router = router;
    this.aggregated = aggregated;
    this.passthrough = passthrough;
    this.health = health;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    try {
      switch (path) {
        case "/healthz" -> health.live(response, callback);
        case "/readyz" -> health.ready(response, callback);
        default -> {
          if (path.startsWith(WellKnown.PREFIX)) {
            origins.check(request.getHeaders().get(HttpHeader.HOST), null);
            wellKnown.handle(path, request, response, callback);
          } else {
            mcp(path, method, request, response, callback);
          }
        }
      }
    } catch (JsonRpcException e) {
      HttpResponses.error(response, callback, e);
    } catch (RuntimeException e) {
      internalError(method, path, response, callback, e);
    }
    return true;
  }

  private static void internalError(
      String method, String path, Response response, Callback callback, RuntimeException e) {
    LOG.error("{} {} failed", method, path, e);
    if (response.isCommitted()) {
      callback.failed(e);
    } else {
      HttpResponses.error(
          response,
          callback,
          new JsonRpcException(500, JsonRpcErrors.INTERNAL_ERROR, "Internal error"));
    }
  }

  /** Checks a POST, reads its body without blocking, then hands it on. */
  private void post(
      Request request, Response response, Callback callback, BodyReader.Continuation next)
      throws JsonRpcException {
    checks.post(request);
    BodyReader.read(
        request,
        checks.maxRequestBytes(),
        body -> {
          try {
            next.accept(body);
          } catch (RuntimeException e) {
            internalError("POST", Request.getPathInContext(request), response, callback, e);
          }
        },
        error -> HttpResponses.error(response, callback, error));
  }

  private void mcp(
      String path, String method, Request request, Response response, Callback callback)
      throws JsonRpcException {
    origins.check(
        request.getHeaders().get(HttpHeader.HOST), request.getHeaders().get(HttpHeader.ORIGIN));
    if (method.equals("OPTIONS")) {
      Cors.preflight(request, response, callback);
      return;
    }
    Cors.allow(request, response);
    if (!path.equals(AGGREGATED_PATH) && !path.startsWith("/mcp/")) {
      throw new JsonRpcException(
          404, JsonRpcErrors.INVALID_REQUEST, "Not Found: no MCP endpoint at " + path);
    }
    Exchange exchange = new Exchange(request, response, callback);
    AuthOutcome outcome =
        authenticator.authenticate(
            Credentials.from(
                request.getHeaders().getValuesList(HttpHeader.AUTHORIZATION),
                request.getHttpURI().getQuery()),
            path);
    if (outcome instanceof AuthOutcome.NeedsVerification first) {
      // A token seen for the first time: its signature (and perhaps a key fetch) is checked on a
      // virtual thread, never on the I/O thread.
      Thread.startVirtualThread(
          () -> {
            try {
              authenticated(
                  authenticator.verify(first.token(), path),
                  path,
                  method,
                  request,
                  response,
                  callback,
                  exchange);
            } catch (JsonRpcException e) {
              HttpResponses.error(response, callback, e);
            } catch (RuntimeException e) {
              internalError(method, path, response, callback, e);
            }
          });
      return;
    }
    authenticated(outcome, path, method, request, response, callback, exchange);
  }

  /** Goes on with an authenticated request, or answers 401 (400) with the challenge. */
  private void authenticated(
      AuthOutcome outcome,
      String path,
      String method,
      Request request,
      Response response,
      Callback callback,
      Exchange exchange)
      throws JsonRpcException {
    switch (outcome) {
      case AuthOutcome.Authenticated authenticated -> {
        exchange.authenticated(authenticated.principal());
        route(path, method, request, response, callback, exchange);
      }
      case AuthOutcome.Refused refused -> throw unauthorized(refused.failure(), path);
      case AuthOutcome.NeedsVerification again ->
          throw new IllegalStateException("a verified token needs no second verification");
    }
  }

  private JsonRpcException unauthorized(AuthFailure failure, String path) {
    authenticator.failures().record(failure);
    String metadata =
        authenticator.settings().map(s -> s.resource().metadataUrl(path)).orElse(null);
    return new JsonRpcException(
            failure.status(),
            failure.status() == 400 ? JsonRpcErrors.INVALID_REQUEST : JsonRpcErrors.UNAUTHORIZED,
            (failure.status() == 400 ? "Bad Request: " : "Unauthorized: ") + failure.description())
        .withHeader(Challenge.HEADER, Challenge.of(failure, metadata));
  }

  private void route(
      String path,
      String method,
      Request request,
      Response response,
      Callback callback,
      Exchange exchange)
      throws JsonRpcException {
    if (path.equals(AGGREGATED_PATH)) {
      switch (method) {
        case "POST" ->
            post(
                request,
                response,
                callback,
                messages(request, response, callback, exchange, true, aggregated::post));
        case "GET" -> {
          checks.get(request);
          aggregated.get(exchange);
        }
        case "DELETE" -> {
          checks.protocolVersion(request);
          aggregated.delete(exchange);
        }
        default -> throw notAllowed(response, method);
      }
      return;
    }
    UpstreamConfig upstream =
        path.startsWith(PASSTHROUGH_PREFIX) ? router.table().passthrough(path).orElse(null) : null;
    if (upstream == null) {
      throw new JsonRpcException(
          404, JsonRpcErrors.INVALID_REQUEST, "Not Found: no MCP endpoint at " + path);
    }
    switch (method) {
      case "POST" ->
          post(
              request,
              response,
              callback,
              messages(
                  request,
                  response,
                  callback,
                  exchange,
                  false,
                  (member, message) -> passthrough.post(upstream, member, message)));
      case "GET" -> {
        checks.get(request);
        passthrough.get(upstream, exchange);
      }
      case "DELETE" -> {
        checks.protocolVersion(request);
        passthrough.delete(upstream, exchange);
      }
      default -> throw notAllowed(response, method);
    }
  }

  /** A POST body: one message for the endpoint, or a batch split into its members. */
  private BodyReader.Continuation messages(
      Request request,
      Response response,
      Callback callback,
      Exchange exchange,
      boolean aggregatedEndpoint,
      Batches.Endpoint endpoint) {
    return body -> {
      if (Batches.isBatch(body)) {
        batches.post(request, response, callback, exchange, body, aggregatedEndpoint, endpoint);
      } else {
        endpoint.post(exchange, body);
      }
    };
  }

  private static JsonRpcException notAllowed(Response response, String method) {
    response.getHeaders().put(HttpHeader.ALLOW, "GET, POST, DELETE");
    return new JsonRpcException(
        405, JsonRpcErrors.INVALID_REQUEST, "Method Not Allowed: " + method);
  }
}
