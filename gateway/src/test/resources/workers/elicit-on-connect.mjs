// A worker built on the TypeScript SDK that asks the client a question (elicitation) the moment
// the client says it is initialized, before any client could have opened its GET stream.
// Tool last_answer returns what the client answered in this session ("none" until then).
// Run: TOOLGATE_TS_SDK=<dir of @modelcontextprotocol/sdk> PORT=<n> node elicit-on-connect.mjs
import http from 'node:http';
import { randomUUID } from 'node:crypto';

const sdk = process.env.TOOLGATE_TS_SDK;
const { McpServer } = await import(`${sdk}/dist/esm/server/mcp.js`);
const { StreamableHTTPServerTransport } = await import(`${sdk}/dist/esm/server/streamableHttp.js`);
const { isInitializeRequest } = await import(`${sdk}/dist/esm/types.js`);

const transports = new Map();

function serverFor(state) {
  const server = new McpServer({ name: 'elicit-on-connect', version: '1.0.0' });
  server.registerTool(
    'last_answer',
    { description: 'What the client answered to the question asked on connect' },
    async () => ({ content: [{ type: 'text', text: state.answer ?? 'none' }] }),
  );
  server.server.oninitialized = () => {
    server.server
      .elicitInput({
        message: 'Who are you?',
        requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
      })
      .then((result) => { state.answer = `${result.action}:${result.content?.name ?? ''}`; })
      .catch((error) => { state.answer = `error:${error.message}`; });
  };
  return server;
}

http
  .createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined;
    const id = req.headers['mcp-session-id'];
    let transport = id ? transports.get(id) : undefined;
    if (!transport) {
      if (id || req.method !== 'POST' || !isInitializeRequest(body)) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }));
        return;
      }
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sessionId) => transports.set(sessionId, transport),
      });
      transport.onclose = () => transports.delete(transport.sessionId);
      await serverFor({}).connect(transport);
    }
    await transport.handleRequest(req, res, body);
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
