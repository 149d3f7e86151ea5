package dev.toolgate.gateway.policy;

import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.auth.Principal;
import dev.toolgate.gateway.http.Exchange;
import dev.toolgate.gateway.protocol.JsonRpcMessage;
import dev.toolgate.gateway.routing.ToolRoute;
import dev.toolgate.gateway.session.GatewaySession;
import dev.toolgate.gateway.upstream.ForwardedHeaders;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One client message on its way to a worker, and what the policy stages decided about it: the
 * route, the bytes to send, and how the worker's answer is rewritten on its way back.
 */
public final class WorkerCall {

  private final Exchange exchange;
  private final GatewaySession session;
  private final JsonRpcMessage message;
  private ForwardedHeaders headers;
  private final Principal principal;
  private List<String> grantedBy = List.of();
  private final UpstreamConfig passthroughUpstream;
  private ToolRoute route;
  private UpstreamConfig target;
  private long targetTimeoutMillis;
  private byte[] upstreamBody;
  private UnaryOperator<byte[]> answerRewrite = UnaryOperator.identity();

  /**
   * @param session the client's session; {@code null} for a passthrough {@code initialize}, which
   *     creates it
   * @param passthroughUpstream the worker of a passthrough endpoint; {@code null} on {@code /mcp},
   *     where the tool's route names the worker
   */
  public WorkerCall(
      Exchange exchange,
      GatewaySession session,
      JsonRpcMessage message,
      UpstreamConfig passthroughUpstream) {
    this(
        exchange,
        ForwardedHeaders.from(exchange.headers()),
        exchange.principal(),
        session,
        message,
        passthroughUpstream);
  }

  /** A call with the headers and caller given, for stages tested without an HTTP exchange. */
  public WorkerCall(
      Exchange exchange,
      ForwardedHeaders headers,
      Principal principal,
      GatewaySession session,
      JsonRpcMessage message,
      UpstreamConfig passthroughUpstream) {
    this.exchange = exchange;
    this.principal = principal;
    this.session = session;
    this.message = message;
    this.headers = headers;
    this.passthroughUpstream = passthroughUpstream;
    this.upstreamBody = message.bytes();
  }

  public Exchange exchange() {
    return exchange;
  }

  public GatewaySession session() {
    return session;
  }

  public JsonRpcMessage message() {
    return message;
  }

  public ForwardedHeaders headers() {
    return headers;
  }

  /**
   * The caller, authenticated at the transport edge; {@code null} would be refused by any stage.
   */
  public Principal principal() {
    return principal;
  }

  /** The scopes that authorized this call, once a stage authorized it. */
  public List<String> grantedBy() {
    return grantedBy;
  }

  public void authorizedBy(List<String> scopes) {
    this.grantedBy = List.copyOf(scopes);
  }

  /**
   * Sends this W3C trace context to the worker instead of the client's: the gateway's own span as
   * the parent.
   */
  public void traceContext(String traceparent, String tracestate) {
    this.headers = headers.withTraceContext(traceparent, tracestate);
  }

  /** Sends the gateway's identity token for this call with it. */
  public void identity(String token) {
    this.headers = headers.withIdentity(token);
  }

  public boolean isPassthrough() {
    return passthroughUpstream != null;
  }

  /** The passthrough endpoint's worker, {@code null} on {@code /mcp}. */
  public UpstreamConfig passthroughUpstream() {
    return passthroughUpstream;
  }

  /** The tool a {@code tools/call} resolved to, {@code null} before or for other methods. */
  public ToolRoute route() {
    return route;
  }

  /** Sets the tool of a {@code tools/call} and the bytes that go to its worker. */
  public void routeTo(ToolRoute tool, byte[] body) {
    this.route = tool;
    this.upstreamBody = body;
  }

  /**
   * Addresses a request on {@code /mcp} other than {@code tools/call} to one worker (a resource, a
   * prompt, a completion, one worker's page of a list), with the bytes that go to it.
   */
  public void aimAt(UpstreamConfig worker, byte[] body, long timeoutMillis) {
    this.target = worker;
    this.targetTimeoutMillis = timeoutMillis;
    this.upstreamBody = body;
  }

  /** The worker of a request {@link #aimAt aimed} at one, {@code null} otherwise. */
  public UpstreamConfig target() {
    return target;
  }

  /**
   * The worker this message goes to: the tool's, the passthrough endpoint's, or the one it was
   * aimed at; {@code null} for the client messages of {@code /mcp} that follow a worker's request.
   */
  public UpstreamConfig upstream() {
    if (route != null) {
      return route.upstream();
    }
    return passthroughUpstream != null ? passthroughUpstream : target;
  }

  /** The timeout of a tool call or of a request aimed at one worker. */
  public long timeoutMillis() {
    return route != null ? route.timeoutMillis() : targetTimeoutMillis;
  }

  private String collectedAnswer;

  /**
   * Keeps the worker's answer to a request the gateway reads itself (one worker's page of a list on
   * {@code /mcp}), as the last stage received and rewrote it.
   */
  public void collected(String answer) {
    this.collectedAnswer = answer;
  }

  /** The answer {@link #collected kept}, {@code null} when a stage answered the call itself. */
  public String collectedAnswer() {
    return collectedAnswer;
  }

  /** The bytes sent to the worker: the client's, unless a stage replaced them. */
  public byte[] upstreamBody() {
    return upstreamBody;
  }

  /** Adds a rewrite of the worker's answer, applied after those added before. */
  public void rewriteAnswer(UnaryOperator<byte[]> rewrite) {
    UnaryOperator<byte[]> first = answerRewrite;
    answerRewrite = bytes -> rewrite.apply(first.apply(bytes));
  }

  public UnaryOperator<byte[]> answerRewrite() {
    return answerRewrite;
  }

  // Policy (rate limits, budgets, loops, cache, redaction): kept apart from the fields above so the
  // stages share what they computed once (the caller, the canonical arguments).

  private PolicyState policyState;
  private CallRecord record;
  private UnaryOperator<String> eventRewrite = UnaryOperator.identity();

  /** What the policy stages worked out about this call, created on first use. */
  public PolicyState policyState() {
    if (policyState == null) {
      policyState = new PolicyState();
    }
    return policyState;
  }

  /** The call's finished-call record in the making, {@code null} when calls are not recorded. */
  CallRecord record() {
    return record;
  }

  void record(CallRecord value) {
    this.record = value;
  }

  /**
   * Adds a rewrite of the JSON-RPC message of every worker event relayed during the call other than
   * the answer (progress, logging, the worker's requests to the client).
   */
  public void rewriteEvents(UnaryOperator<String> rewrite) {
    UnaryOperator<String> first = eventRewrite;
    eventRewrite = data -> rewrite.apply(first.apply(data));
  }

  public UnaryOperator<String> eventRewrite() {
    return eventRewrite;
  }
}
