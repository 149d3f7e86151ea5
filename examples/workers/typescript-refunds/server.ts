// Refunds, an example Toolgate worker in TypeScript: the official MCP SDK's McpServer over
// Streamable HTTP, stateless (a fresh server per request), on plain node:http.
// A write tool (send_refund) and a read tool (get_refund). Toolgate runs it as a sandboxed worker
// (mcptool.yaml); McpScopes grant the write tool separately from the read one.
// Run locally: node server.ts --port 8080 --host 127.0.0.1   (Node 22 strips the types)
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

type Refund = { id: string; invoiceId: string; amountCents: number; status: "sent" };

const refunds = new Map<string, Refund>();

function build(): McpServer {
  const server = new McpServer({ name: "refunds", version: "0.1.0" });
  server.registerTool(
    "send_refund",
    {
      description: "Refund part or all of an invoice. Has side effects: grant it separately.",
      inputSchema: { invoice_id: z.string(), amount_cents: z.number().int().positive() },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
    },
    async ({ invoice_id, amount_cents }) => {
      const refund: Refund = {
        id: `RF-${refunds.size + 1}`,
        invoiceId: invoice_id,
        amountCents: amount_cents,
        status: "sent",
      };
      refunds.set(refund.id, refund);
      return { content: [{ type: "text", text: JSON.stringify(refund) }] };
    },
  );
  server.registerTool(
    "get_refund",
    {
      description: "One refund by id.",
      inputSchema: { refund_id: z.string() },
      annotations: { readOnlyHint: true, idempotentHint: true },
    },
    async ({ refund_id }) => {
      const refund = refunds.get(refund_id);
      if (!refund) {
        return { content: [{ type: "text", text: `no refund ${refund_id}` }], isError: true };
      }
      return { content: [{ type: "text", text: JSON.stringify(refund) }] };
    },
  );
  return server;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? undefined : JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? "/", "http://worker").pathname;
  if (path === "/healthz") {
    res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    return;
  }
  if (path !== "/mcp") {
    res.writeHead(404).end();
    return;
  }
  if (req.method !== "POST") {
    // Stateless: no GET stream, no sessions to delete.
    res.writeHead(405, { allow: "POST" }).end();
    return;
  }
  const server = build();
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  res.on("close", () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, await readJson(req));
}

const { values } = parseArgs({
  options: {
    host: { type: "string", default: "0.0.0.0" },
    port: { type: "string", default: "8080" },
  },
});
createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    console.error(error);
    if (!res.headersSent) res.writeHead(500).end();
  });
}).listen(Number(values.port), values.host, () => {
  console.log(`refunds MCP server on http://${values.host}:${values.port}/mcp`);
});
