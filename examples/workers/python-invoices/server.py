"""Invoices, an example Toolgate worker in Python: the official MCP SDK's FastMCP over Streamable HTTP.

Read-only tools over an in-memory ledger. Toolgate runs it as a sandboxed worker (mcptool.yaml);
the gateway forwards calls to /mcp. Run locally: python server.py --port 8080 --host 127.0.0.1
"""

import argparse

from mcp.server.fastmcp import FastMCP

INVOICES = {
    "INV-1001": {"id": "INV-1001", "customer": "acme", "amount_cents": 129900, "status": "paid"},
    "INV-1002": {"id": "INV-1002", "customer": "acme", "amount_cents": 4500, "status": "open"},
    "INV-2001": {"id": "INV-2001", "customer": "globex", "amount_cents": 78000, "status": "open"},
}


def build(host: str, port: int) -> FastMCP:
    mcp = FastMCP("invoices", host=host, port=port, stateless_http=True, json_response=True)

    @mcp.tool(annotations={"readOnlyHint": True, "idempotentHint": True})
    def get_invoice(invoice_id: str) -> dict:
        """One invoice by id, e.g. INV-1001."""
        invoice = INVOICES.get(invoice_id)
        if invoice is None:
            raise ValueError(f"no invoice {invoice_id}")
        return invoice

    @mcp.tool(annotations={"readOnlyHint": True, "idempotentHint": True})
    def list_invoices(customer: str) -> list[dict]:
        """The invoices of one customer."""
        return [i for i in INVOICES.values() if i["customer"] == customer]

    return mcp


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    # In a container the pod network isolates it; the NetworkPolicy admits only the gateway.
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    build(args.host, args.port).run(transport="streamable-http")
