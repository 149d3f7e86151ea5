// The official MCP TypeScript SDK's OAuth client flow against one MCP server, driven headlessly for
// tests. The SDK does everything a real client does: the 401 and its resource_metadata, RFC 9728
// protected-resource metadata, RFC 8414 authorization-server metadata, PKCE, the resource
// indicator, the token request, step-up on 403 insufficient_scope. This script only plays the user
// in the browser (follows the authorization URL with a cookie jar, posts the login form) and prints
// one JSON line with what happened. No token value is ever printed, only the token's claims.
//
// Usage:
//   node client.mjs --url http://127.0.0.1:8080/mcp --issuer http://127.0.0.1:9000 \
//     --client-id app --username alice --password secret [--redirect-uri http://127.0.0.1/callback] \
//     [--call NAME[=JSON arguments]]...
//   node client.mjs --mode client_credentials --url ... --issuer ... --client-id agent \
//     --client-secret s3cret [--scope "a b"] [--call NAME[=JSON]]...
//
// Output (stdout, one line): {"ok", "mode", "tools": [names], "calls": [{"name", "ok", "isError",
//   "content", "error", "status"}], "token": {"scope", "expires_in", "token_type", "refresh_token",
//   "claims"}, "authorization_requests": [{"scope", "resource", "code_challenge_method",
//   "redirect_uri"}], "steps": [{"step", "method", "url", "status", "rpc", "grant_type", "scope",
//   "resource"}], "error"}
// Exit code 0 when the client connected and listed tools (failed calls are in "calls"), 1 when the
// flow failed, 2 for bad usage.
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';

const options = {
  url: { type: 'string' },
  mode: { type: 'string', default: 'authorization_code' },
  issuer: { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'redirect-uri': { type: 'string', default: 'http://127.0.0.1/callback' },
  username: { type: 'string' },
  password: { type: 'string' },
  scope: { type: 'string' },
  call: { type: 'string', multiple: true, default: [] },
  'timeout-ms': { type: 'string', default: '30000' }
};

let args;
try {
  args = parseArgs({ options, strict: true }).values;
} catch (e) {
  usage(e.message);
}
const mode = args.mode;
const required = ['url', 'issuer', 'client-id'];
if (mode === 'authorization_code') {
  required.push('username', 'password');
} else if (mode === 'client_credentials') {
  required.push('client-secret');
} else {
  usage(`unknown --mode ${mode}`);
}
for (const name of required) {
  if (!args[name]) usage(`--${name} is required`);
}
const mcpUrl = new URL(args.url);
const calls = args.call.map(parseCall);

const exchanges = [];
let discovery;
let lastTokens;
const authorizationRequests = [];

// Every HTTP exchange the SDK and the browser make, for the report (URLs without query strings, so
// no code, state or verifier is printed).
async function recordingFetch(input, init, step) {
  const url = input instanceof Request ? input.url : String(input);
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  const entry = { step, method, url: withoutQuery(url), status: null };
  if (typeof init?.body === 'string' && url.startsWith(mcpUrl.origin)) {
    try {
      const message = JSON.parse(init.body);
      if (message.method) entry.rpc = message.method;
    } catch {
      // not JSON-RPC
    }
  }
  if (init?.body instanceof URLSearchParams && init.body.has('grant_type')) {
    // A token request: what it asked for, never its credentials, code or verifier.
    entry.grant_type = init.body.get('grant_type');
    if (init.body.has('scope')) entry.scope = init.body.get('scope');
    if (init.body.has('resource')) entry.resource = init.body.getAll('resource');
  }
  exchanges.push(entry);
  const response = await fetch(input, init);
  entry.status = response.status;
  return response;
}

class AuthorizationRefused extends Error {}

/**
 * The user in the browser: follows the authorization URL, logs in on the form the server shows,
 * and follows redirects until one reaches the redirect URI. Returns the authorization code.
 */
async function authorizeInBrowser(authorizationUrl) {
  const cookies = new Map();
  const target = new URL(args['redirect-uri']);
  let url = new URL(authorizationUrl);
  let loggedIn = false;
  for (let hop = 0; hop < 15; hop++) {
    if (url.origin === target.origin && url.pathname === target.pathname) {
      const error = url.searchParams.get('error');
      if (error) {
        const description = url.searchParams.get('error_description');
        throw new AuthorizationRefused(`authorization refused: ${error}${description ? ` (${description})` : ''}`);
      }
      const code = url.searchParams.get('code');
      if (!code) throw new Error('the authorization response carries no code');
      return code;
    }
    const response = await recordingFetch(url, { redirect: 'manual', headers: browserHeaders(cookies) }, 'browser');
    keepCookies(cookies, response);
    if (isRedirect(response)) {
      await response.body?.cancel();
      url = new URL(response.headers.get('location'), url);
      continue;
    }
    const html = await response.text();
    const form = loginForm(html);
    if (response.status !== 200 || !form) {
      throw new Error(`the authorization server answered ${response.status} at ${url.origin}${url.pathname}`);
    }
    exchanges[exchanges.length - 1].step = 'login_page';
    if (loggedIn) {
      throw new Error(`the authorization server refused the login of ${args.username}`);
    }
    const action = new URL(form.action || url.href, url);
    const body = new URLSearchParams(form.hidden);
    body.set('username', args.username);
    body.set('password', args.password);
    const posted = await recordingFetch(
      action,
      {
        method: 'POST',
        redirect: 'manual',
        headers: { ...browserHeaders(cookies), 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString()
      },
      'login'
    );
    keepCookies(cookies, posted);
    await posted.body?.cancel();
    if (!isRedirect(posted)) {
      throw new Error(`the login form answered ${posted.status}`);
    }
    loggedIn = true;
    url = new URL(posted.headers.get('location'), action);
  }
  throw new Error('too many redirects on the way to the redirect URI');
}

/** A pre-registered client (public, or confidential with a secret) on the authorization code flow. */
class BrowserAuthorizationCodeProvider {
  constructor() {
    this.pendingCode = undefined;
  }
  get redirectUrl() {
    return args['redirect-uri'];
  }
  get clientMetadata() {
    return {
      client_name: 'toolgate-oauth-client',
      redirect_uris: [args['redirect-uri']],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: args['client-secret'] ? 'client_secret_basic' : 'none',
      ...(args.scope ? { scope: args.scope } : {})
    };
  }
  clientInformation() {
    return {
      client_id: args['client-id'],
      ...(args['client-secret'] ? { client_secret: args['client-secret'] } : {}),
      issuer: args.issuer
    };
  }
  tokens() {
    return this._tokens;
  }
  saveTokens(tokens) {
    this._tokens = tokens;
    lastTokens = tokens;
  }
  async redirectToAuthorization(authorizationUrl) {
    const url = new URL(authorizationUrl);
    authorizationRequests.push({
      scope: url.searchParams.get('scope'),
      resource: url.searchParams.getAll('resource'),
      code_challenge_method: url.searchParams.get('code_challenge_method'),
      redirect_uri: url.searchParams.get('redirect_uri')
    });
    this.pendingCode = await authorizeInBrowser(authorizationUrl);
  }
  saveCodeVerifier(verifier) {
    this._verifier = verifier;
  }
  codeVerifier() {
    return this._verifier;
  }
  saveDiscoveryState(state) {
    discovery = state;
  }
  takePendingCode() {
    const code = this.pendingCode;
    this.pendingCode = undefined;
    return code;
  }
}

/** The SDK's own client-credentials provider (client_secret_basic), watched for its tokens. */
class WatchedClientCredentialsProvider extends ClientCredentialsProvider {
  saveTokens(tokens) {
    super.saveTokens(tokens);
    lastTokens = tokens;
  }
  saveDiscoveryState(state) {
    discovery = state;
  }
  takePendingCode() {
    return undefined;
  }
}

const provider =
  mode === 'client_credentials'
    ? new WatchedClientCredentialsProvider({
        clientId: args['client-id'],
        clientSecret: args['client-secret'],
        ...(args.scope ? { scope: args.scope } : {}),
        expectedIssuer: args.issuer
      })
    : new BrowserAuthorizationCodeProvider();

function newSession() {
  const transport = new StreamableHTTPClientTransport(mcpUrl, {
    authProvider: provider,
    fetch: (input, init) => recordingFetch(input, init, undefined)
  });
  const client = new Client({ name: 'toolgate-oauth-client', version: '1.0.0' });
  return { transport, client };
}

/** Connects; when the SDK stops for the user's authorization, finishes it with the code and retries. */
async function connect() {
  for (let attempt = 0; ; attempt++) {
    const session = newSession();
    try {
      await session.client.connect(session.transport);
      return session;
    } catch (e) {
      const code = provider.takePendingCode();
      if (!(e instanceof UnauthorizedError) || !code || attempt > 0) throw e;
      await session.transport.finishAuth(code);
      await session.client.close().catch(() => {});
    }
  }
}

async function listTools(client) {
  const names = [];
  let cursor;
  do {
    const page = await client.listTools(cursor ? { cursor } : {});
    names.push(...page.tools.map(tool => tool.name));
    cursor = page.nextCursor;
  } while (cursor);
  return names;
}

/** Calls a tool; a step-up authorization the SDK starts on 403 insufficient_scope is finished once. */
async function callTool(session, call) {
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await session.client.callTool({ name: call.name, arguments: call.arguments });
      return { name: call.name, ok: true, isError: result.isError === true, content: result.content };
    } catch (e) {
      const code = provider.takePendingCode();
      if (e instanceof UnauthorizedError && code && attempt === 0) {
        await session.transport.finishAuth(code);
        continue;
      }
      return { name: call.name, ok: false, error: describe(e), ...(statusOf(e) ? { status: statusOf(e) } : {}) };
    }
  }
}

async function main() {
  const result = { ok: false, mode, tools: null, calls: [], token: null, steps: [], error: null };
  let session;
  try {
    session = await connect();
    result.tools = await listTools(session.client);
    for (const call of calls) {
      result.calls.push(await callTool(session, call));
    }
    result.ok = true;
  } catch (e) {
    result.error = describe(e);
  } finally {
    await session?.client.close().catch(() => {});
  }
  return result;
}

function report(result) {
  result.token = lastTokens ? tokenReport(lastTokens) : null;
  result.authorization_requests = authorizationRequests;
  result.steps = exchanges.map(exchange => ({ ...exchange, step: stepOf(exchange) }));
  process.stdout.write(JSON.stringify(result) + '\n');
}

function stepOf(exchange) {
  const url = new URL(exchange.url);
  const metadata = discovery?.authorizationServerMetadata;
  if (exchange.url === withoutQuery(mcpUrl.href)) return 'mcp';
  if (url.pathname.startsWith('/.well-known/oauth-protected-resource')) return 'protected_resource_metadata';
  if (url.pathname.includes('/.well-known/oauth-authorization-server') || url.pathname.includes('/.well-known/openid-configuration')) {
    return 'authorization_server_metadata';
  }
  if (metadata && exchange.url === withoutQuery(metadata.authorization_endpoint)) return 'authorize';
  if (metadata && exchange.url === withoutQuery(metadata.token_endpoint)) return 'token';
  return exchange.step ?? 'other';
}

function tokenReport(tokens) {
  return {
    token_type: tokens.token_type,
    scope: tokens.scope ?? null,
    expires_in: tokens.expires_in ?? null,
    refresh_token: Boolean(tokens.refresh_token),
    claims: jwtClaims(tokens.access_token)
  };
}

/** The payload of a JWT, unverified: for the report only. */
function jwtClaims(token) {
  const parts = String(token).split('.');
  if (parts.length !== 3) return null;
  try {
    return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

function parseCall(spec) {
  const eq = spec.indexOf('=');
  if (eq < 0) return { name: spec, arguments: {} };
  try {
    return { name: spec.slice(0, eq), arguments: JSON.parse(spec.slice(eq + 1)) };
  } catch (e) {
    usage(`--call ${spec.slice(0, eq)}: the arguments are not JSON (${e.message})`);
  }
}

function loginForm(html) {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form || !/name="password"/i.test(form[2])) return undefined;
  const hidden = {};
  for (const input of form[2].matchAll(/<input\b[^>]*>/gi)) {
    if (attribute(input[0], 'type')?.toLowerCase() === 'hidden') {
      hidden[attribute(input[0], 'name')] = attribute(input[0], 'value') ?? '';
    }
  }
  return { action: attribute(form[1], 'action'), hidden };
}

function attribute(tag, name) {
  const match = new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`, 'i').exec(tag);
  return match ? match[1].replaceAll('&amp;', '&') : undefined;
}

function browserHeaders(cookies) {
  const headers = { accept: 'text/html' };
  if (cookies.size > 0) {
    headers.cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  return headers;
}

function keepCookies(cookies, response) {
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(';', 1)[0];
    const eq = pair.indexOf('=');
    if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}

function isRedirect(response) {
  return response.status >= 300 && response.status < 400 && response.headers.has('location');
}

function withoutQuery(url) {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

function statusOf(e) {
  return typeof e?.code === 'number' && e.code >= 100 && e.code < 600 ? e.code : undefined;
}

function describe(e) {
  if (e instanceof UnauthorizedError) return `unauthorized: ${e.message || 'the server wants authorization'}`;
  // The SDK's OAuth errors carry the server's error code, and its description as the message.
  if (typeof e?.errorCode === 'string') return e.message ? `${e.errorCode}: ${e.message}` : e.errorCode;
  return e?.message ? String(e.message) : String(e);
}

function usage(message) {
  process.stderr.write(`client.mjs: ${message}\n`);
  process.exit(2);
}

const timeoutMs = Number(args['timeout-ms']);
const timer = setTimeout(() => {
  report({ ok: false, mode, tools: null, calls: [], error: `timed out after ${timeoutMs} ms` });
  process.exit(1);
}, timeoutMs);
const result = await main();
clearTimeout(timer);
report(result);
process.exit(result.ok ? 0 : 1);
