// A protected MCP server on the official TypeScript SDK, standing in for the gateway so that the
// client flow and the authorization server can be tested without gateway code. It is an OAuth
// resource server as the MCP authorization spec asks: RFC 9728 metadata, 401 with
// resource_metadata, access tokens verified against the issuer's JWKS (iss, aud = this resource,
// typ at+jwt, RS256, exp), tools/list shows only the tools the token's scopes grant, and a call
// without its scope gets 403 insufficient_scope naming the scope. Stateless (no sessions).
//
// Usage: node standin-server.mjs --issuer http://127.0.0.1:9000 [--port 0] --tool NAME=SCOPE...
// Prints "STANDIN_READY url=http://127.0.0.1:<port>/mcp" once it listens. Every tool answers with
// its arguments and the caller's claims (sub, client_id, aud, scope, groups) as JSON text.
import http from 'node:http';
import { parseArgs } from 'node:util';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

const { values: args } = parseArgs({
  options: {
    issuer: { type: 'string' },
    port: { type: 'string', default: '0' },
    tool: { type: 'string', multiple: true, default: [] }
  },
  strict: true
});
if (!args.issuer || args.tool.length === 0) {
  process.stderr.write('standin-server.mjs: --issuer and at least one --tool NAME=SCOPE are required\n');
  process.exit(2);
}
const toolScopes = new Map(
  args.tool.map(spec => {
    const [name, scope] = spec.split('=');
    return [name, scope || name];
  })
);

// The issuer's JWKS, found through its RFC 8414 metadata.
const issuerUrl = new URL(args.issuer);
const metadataUrl = new URL(
  `/.well-known/oauth-authorization-server${issuerUrl.pathname === '/' ? '' : issuerUrl.pathname}`,
  issuerUrl
);
const asMetadata = await (await fetch(metadataUrl)).json();
const jwks = createRemoteJWKSet(new URL(asMetadata.jwks_uri));

let resource;
let resourceMetadataUrl;

function protectedResourceMetadata() {
  return {
    resource,
    authorization_servers: [args.issuer],
    scopes_supported: [...new Set(toolScopes.values())],
    bearer_methods_supported: ['header'],
    resource_name: 'Toolgate OAuth stand-in'
  };
}

function challenge(res, status, params) {
  const parts = [`resource_metadata="${resourceMetadataUrl}"`];
  for (const [name, value] of Object.entries(params)) parts.push(`${name}="${value}"`);
  res.writeHead(status, { 'www-authenticate': `Bearer ${parts.join(', ')}`, 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: params.error ?? 'unauthorized' }));
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

function mcpServerFor(claims, scopes) {
  const server = new McpServer({ name: 'toolgate-oauth-standin', version: '1.0.0' });
  const caller = {
    sub: claims.sub,
    client_id: claims.client_id,
    aud: claims.aud,
    scope: claims.scope,
    groups: claims.groups ?? null
  };
  for (const [name, scope] of toolScopes) {
    if (!scopes.has(scope)) continue;
    server.registerTool(
      name,
      { description: `Echoes its arguments and the caller; needs scope ${scope}.`, inputSchema: { text: z.string().optional() } },
      async toolArgs => ({ content: [{ type: 'text', text: JSON.stringify({ tool: name, arguments: toolArgs, caller }) }] })
    );
  }
  return server;
}

const httpServer = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, resource);
    if (req.method === 'GET' && url.pathname.startsWith('/.well-known/oauth-protected-resource')) {
      return json(res, 200, protectedResourceMetadata());
    }
    if (url.pathname !== '/mcp') return json(res, 404, { error: 'not_found' });
    if (url.searchParams.has('access_token')) {
      return json(res, 400, { error: 'invalid_request', error_description: 'tokens go in the Authorization header' });
    }
    const bearer = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(req.headers.authorization ?? '');
    if (!bearer) return challenge(res, 401, {});
    let claims;
    try {
      ({ payload: claims } = await jwtVerify(bearer[1], jwks, {
        issuer: args.issuer,
        audience: resource,
        typ: 'at+jwt',
        algorithms: ['RS256']
      }));
    } catch {
      return challenge(res, 401, { error: 'invalid_token', error_description: 'the access token is not valid here' });
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' });
      return res.end();
    }
    const scopes = new Set(String(claims.scope ?? '').split(' ').filter(Boolean));
    const message = await readJson(req);
    if (message?.method === 'tools/call') {
      const needed = toolScopes.get(message.params?.name);
      if (needed && !scopes.has(needed)) return challenge(res, 403, { error: 'insufficient_scope', scope: needed });
    }
    const server = mcpServerFor(claims, scopes);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      transport.close();
      server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, message);
  } catch (e) {
    if (!res.headersSent) json(res, 500, { error: 'server_error', error_description: String(e?.message ?? e) });
  }
});

httpServer.listen(Number(args.port), '127.0.0.1', () => {
  const { port } = httpServer.address();
  resource = `http://127.0.0.1:${port}/mcp`;
  resourceMetadataUrl = `http://127.0.0.1:${port}/.well-known/oauth-protected-resource/mcp`;
  process.stdout.write(`STANDIN_READY url=${resource}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => httpServer.close(() => process.exit(0)));
