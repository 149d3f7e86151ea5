-- wrk script of the gateway benchmark's outside driver (bench/run-gateway.sh --wrk): each request
-- is a tools/call in an MCP session opened beforehand by the bench, with the same headers and
-- body shape as the Java driver's (~200 bytes, arguments different on every call). Every answer
-- is checked: an HTTP status other than 200, or a body without a result or with isError, counts
-- as an error. Settings come from the environment, which wrk's threads inherit:
--   TOOLGATE_WRK_SESSIONS  session ids separated by commas; thread i uses session i modulo their
--                          number (empty: no session, as against a stateless server)
--   TOOLGATE_WRK_TOOL      the tool to call
--   TOOLGATE_WRK_TOKEN     a bearer token, or empty for none
--   TOOLGATE_WRK_RUN       a number unique to this run, so no run repeats another's arguments
--                          (a repeat would be a cache hit)
-- done() prints one line the bench parses: TOOLGATE_WRK requests=.. errors=.. duration_us=..
-- p50_us=.. p99_us=.. p999_us=.. first_error=..

local threads = {}
local next_index = 0

function setup(thread)
  thread:set("index", next_index)
  next_index = next_index + 1
  table.insert(threads, thread)
end

local function split(text)
  local items = {}
  for item in string.gmatch(text or "", "[^,]+") do
    table.insert(items, item)
  end
  return items
end

function init(args)
  local sessions = split(os.getenv("TOOLGATE_WRK_SESSIONS"))
  tool = os.getenv("TOOLGATE_WRK_TOOL")
  local token = os.getenv("TOOLGATE_WRK_TOKEN") or ""
  headers = {
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json, text/event-stream",
    ["MCP-Protocol-Version"] = "2025-11-25",
  }
  if #sessions > 0 then
    headers["Mcp-Session-Id"] = sessions[(index % #sessions) + 1]
  end
  if token ~= "" then
    headers["Authorization"] = "Bearer " .. token
  end
  prefix = string.rep("x", 91) .. string.format("%08d-", tonumber(os.getenv("TOOLGATE_WRK_RUN") or "0"))
  calls = 0
  errors = 0
  first_error = ""
end

function request()
  calls = calls + 1
  local body = '{"jsonrpc":"2.0","id":' .. calls
    .. ',"method":"tools/call","params":{"name":"' .. tool
    .. '","arguments":{"text":"' .. prefix .. string.format("%04d-%015d", index % 10000, calls)
    .. '"}}}'
  return wrk.format("POST", nil, headers, body)
end

function response(status, response_headers, body)
  if status ~= 200 or not string.find(body, '"result"', 1, true)
      or string.find(body, '"isError":true', 1, true) then
    errors = errors + 1
    if first_error == "" then
      first_error = status .. " " .. string.sub(body, 1, 200)
    end
  end
end

function done(summary, latency, requests)
  local errors_total = 0
  local first = ""
  for _, thread in ipairs(threads) do
    errors_total = errors_total + thread:get("errors")
    if first == "" then
      first = thread:get("first_error")
    end
  end
  io.write(string.format(
    "TOOLGATE_WRK requests=%d errors=%d duration_us=%d p50_us=%d p99_us=%d p999_us=%d first_error=%s\n",
    summary.requests, errors_total + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout,
    summary.duration, latency:percentile(50), latency:percentile(99), latency:percentile(99.9),
    string.gsub(first, "\n", " ")))
end
