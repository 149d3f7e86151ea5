// Loaded with `node --import` before the MCP conformance suite, so the suite's requests carry an
// access token: its CLI has no option for a header, and its server scenarios connect with
// `new StreamableHTTPClientTransport(url)` (no auth provider) or with raw fetch and undici.request.
// All of those go through undici's global dispatcher, which this replaces with one that adds
// `Authorization: Bearer $TOOLGATE_BEARER_TOKEN` to every request to $TOOLGATE_BEARER_ORIGIN
// (scheme://host:port) that has none, and to no other origin. The token is never printed.
import { Agent, setGlobalDispatcher } from 'undici';

const token = process.env.TOOLGATE_BEARER_TOKEN;
const origin = process.env.TOOLGATE_BEARER_ORIGIN;
if (!token || !origin) {
  process.stderr.write('bearer-token.mjs: TOOLGATE_BEARER_TOKEN and TOOLGATE_BEARER_ORIGIN are required\n');
  process.exit(2);
}
const target = new URL(origin).origin;
const value = `Bearer ${token}`;

function originOf(opts) {
  try {
    return new URL(String(opts.origin)).origin;
  } catch {
    return undefined;
  }
}

/** The request's headers with Authorization added, in the shape they came in. */
function withBearer(headers) {
  if (headers == null) return { authorization: value };
  if (Array.isArray(headers)) {
    if (headers.length > 0 && Array.isArray(headers[0])) {
      // [[name, value], ...]
      if (headers.some(([name]) => String(name).toLowerCase() === 'authorization')) return headers;
      return [...headers, ['authorization', value]];
    }
    // [name, value, name, value, ...]
    for (let i = 0; i < headers.length; i += 2) {
      if (String(headers[i]).toLowerCase() === 'authorization') return headers;
    }
    return [...headers, 'authorization', value];
  }
  if (typeof headers[Symbol.iterator] === 'function' && typeof headers !== 'string') {
    return withBearer([...headers]);
  }
  if (Object.keys(headers).some(name => name.toLowerCase() === 'authorization')) return headers;
  return { ...headers, authorization: value };
}

setGlobalDispatcher(
  new Agent().compose(dispatch => (opts, handler) =>
    dispatch(originOf(opts) === target ? { ...opts, headers: withBearer(opts.headers) } : opts, handler)
  )
);
