"""Ledger, an example Toolgate worker in Python: a data tool on PostgreSQL with row-level security.

Each caller sees and writes only their own expenses, and PostgreSQL enforces it: the worker
verifies the identity token the gateway sends with every call (header Toolgate-Identity, ES256,
keys at the gateway's /.well-known/jwks.json), takes the caller's subject from it and sets it as
app.caller for the call's transaction; schema.sql's policy does the rest. The client's own token
never reaches a worker, and a call without a valid identity token is refused.

Settings (environment):
  DATABASE_URL        postgresql://ledger_worker@host:5432/ledger (a password from a Secret)
  TOOLGATE_IDENTITY_JWKS_URL  the gateway's key set; the operator sets it for an McpTool with
                      sandbox.gatewayJwks: true (the gateway's JWKS-only port, which its sandbox opens)
  TOOLGATE_ISSUER     the gateway's canonical URL, the identity token's iss
  TOOLGATE_AUDIENCE   this worker's URL as the gateway calls it, the identity token's aud
Run locally: python server.py --host 127.0.0.1 --port 9203
"""

import argparse
import os

import jwt
import psycopg
from mcp.server.fastmcp import Context, FastMCP

IDENTITY_HEADER = "toolgate-identity"
IDENTITY_TYPE = "toolgate-identity+jwt"


class Identities:
    """Verifies the gateway's identity tokens: signature (keys fetched and cached), type, issuer,
    audience and lifetime. Anything else is refused."""

    def __init__(self, jwks_url: str, issuer: str, audience: str):
        # Refetches on an unknown key id, so the gateway's key rotation needs no restart.
        self.keys = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=300)
        self.issuer = issuer
        self.audience = audience

    def caller(self, ctx: Context) -> str:
        request = ctx.request_context.request
        token = request.headers.get(IDENTITY_HEADER) if request is not None else None
        if not token:
            raise PermissionError("no caller identity: call this tool through the Toolgate gateway")
        try:
            if jwt.get_unverified_header(token).get("typ") != IDENTITY_TYPE:
                raise jwt.InvalidTokenError("not a Toolgate identity token")
            claims = jwt.decode(
                token,
                self.keys.get_signing_key_from_jwt(token).key,
                algorithms=["ES256"],
                issuer=self.issuer,
                audience=self.audience,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
                leeway=5,
            )
        except (jwt.PyJWTError, jwt.PyJWKClientError) as e:
            raise PermissionError(f"the caller identity does not verify: {e}") from None
        return claims["caller_iss"] + " " + claims["sub"] if "caller_iss" in claims else claims["sub"]


def build(host: str, port: int, database_url: str, identities: Identities) -> FastMCP:
    mcp = FastMCP("ledger", host=host, port=port, stateless_http=True, json_response=True)

    def as_caller(ctx: Context):
        """A transaction in which PostgreSQL knows the caller (set_config(..., true) ends with it)."""
        caller = identities.caller(ctx)
        connection = psycopg.connect(database_url, autocommit=False)
        connection.execute("SELECT set_config('app.caller', %s, true)", (caller,))
        return connection

    @mcp.tool(annotations={"readOnlyHint": True})
    def my_expenses(ctx: Context) -> list[dict]:
        """The expenses of the caller, newest first. Other callers' rows are never visible."""
        with as_caller(ctx) as connection:
            rows = connection.execute(
                "SELECT id, amount_cents, note FROM expenses ORDER BY id DESC LIMIT 100"
            ).fetchall()
        return [{"id": r[0], "amount_cents": r[1], "note": r[2]} for r in rows]

    @mcp.tool(annotations={"readOnlyHint": False, "destructiveHint": False})
    def add_expense(amount_cents: int, note: str, ctx: Context) -> dict:
        """Records an expense for the caller."""
        with as_caller(ctx) as connection:
            row = connection.execute(
                "INSERT INTO expenses (amount_cents, note) VALUES (%s, %s) RETURNING id",
                (amount_cents, note),
            ).fetchone()
        return {"id": row[0], "amount_cents": amount_cents, "note": note}

    return mcp


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    # In a container the pod network isolates it; the NetworkPolicy admits only the gateway.
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    identities = Identities(
        os.environ["TOOLGATE_IDENTITY_JWKS_URL"], os.environ["TOOLGATE_ISSUER"], os.environ["TOOLGATE_AUDIENCE"]
    )
    build(args.host, args.port, os.environ["DATABASE_URL"], identities).run(transport="streamable-http")
