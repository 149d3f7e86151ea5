-- Argo CD health of a Toolgate McpTool or McpScope, from the conditions the operator writes.
-- Ready=True: Healthy. A condition False for a reason waiting will not fix (an invalid spec or
-- policy, unenforceable egress, pods that stay unavailable): Degraded, with that condition's
-- message. A worker scaled to zero: Suspended. Otherwise (no status yet, a generation the
-- operator has not seen, compiling, waiting for the gateway to load a route, rolling out):
-- Progressing.
local hs = {}
local generation = obj.metadata and obj.metadata.generation
local status = obj.status
if status == nil or status.conditions == nil or #status.conditions == 0 then
  hs.status = "Progressing"
  hs.message = "Waiting for the Toolgate operator to report status"
  return hs
end
if generation ~= nil and status.observedGeneration ~= nil and status.observedGeneration < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the Toolgate operator to observe generation " .. generation
  return hs
end
local ready = nil
for _, condition in ipairs(status.conditions) do
  if condition.type == "Ready" then
    ready = condition
  end
end
if ready == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Ready condition"
  return hs
end
if generation ~= nil and ready.observedGeneration ~= nil and ready.observedGeneration < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the Toolgate operator to observe generation " .. generation
  return hs
end
if ready.status == "True" then
  hs.status = "Healthy"
  hs.message = ready.message or ""
  return hs
end
-- Not ready: a condition that failed for a reason time will not fix makes it Degraded, even while
-- a rollout is under way. The spec's own problems (PolicyValid) are named first: they are the cause
-- the other conditions point at.
local waiting = {RollingOut = true, WorkloadPending = true, Compiling = true, AwaitingGateway = true}
local order = {PolicyValid = 1, Routed = 2, WorkloadReady = 3}
local cause = nil
local suspended = nil
for _, condition in ipairs(status.conditions) do
  if condition.type ~= "Ready" and condition.status == "False" then
    local reason = condition.reason or ""
    if reason == "ScaledToZero" then
      suspended = condition
    elseif not waiting[reason] then
      local rank = order[condition.type] or 4
      if cause == nil or rank < (order[cause.type] or 4) then
        cause = condition
      end
    end
  end
end
if cause == nil and ready.status == "False" and not waiting[ready.reason or ""] and ready.reason ~= "ScaledToZero" then
  cause = ready
end
if cause ~= nil then
  hs.status = "Degraded"
  hs.message = cause.type .. ": " .. (cause.reason or "") .. ": " .. (cause.message or "")
elseif suspended ~= nil then
  hs.status = "Suspended"
  hs.message = suspended.type .. ": " .. (suspended.reason or "") .. ": " .. (suspended.message or "")
else
  hs.status = "Progressing"
  hs.message = ready.message or ""
end
return hs
