"""A stateful worker on the Python MCP SDK (PyPI mcp): it keeps sessions in memory, so after a
restart it answers the sessions it had with 404. Run: python stateful_echo.py --port N"""

import argparse

from mcp.server.fastmcp import FastMCP

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--port", type=int, required=True)
args = parser.parse_args()

mcp = FastMCP("stateful-echo", host="127.0.0.1", port=args.port, stateless_http=False)


@mcp.tool()
def echo(message: str) -> str:
    """Says the message back."""
    return f"Echo: {message}"


mcp.run(transport="streamable-http")
