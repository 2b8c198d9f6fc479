-- Argo CD health of an EcsService (Lua 5.1). Degraded when Stalled or after a circuit-breaker rollback,
-- Suspended when scaled to 0, Healthy when Ready, Progressing otherwise.
local function condition(conditions, kind)
  for _, c in ipairs(conditions or {}) do
    if c.type == kind then return c end
  end
  return nil
end

local hs = {status = "Progressing", message = "Waiting for the Stevedore operator"}
if obj.metadata.deletionTimestamp ~= nil then
  return {status = "Progressing", message = "Deleting"}
end
if obj.status == nil or obj.status.observedGeneration == nil
    or obj.status.observedGeneration < (obj.metadata.generation or 0) then
  return hs
end
local conditions = obj.status.conditions
local stalled = condition(conditions, "Stalled")
if stalled ~= nil and stalled.status == "True" then
  return {status = "Degraded", message = (stalled.reason or "") .. ": " .. (stalled.message or "")}
end
local stable = condition(conditions, "Stable")
if stable ~= nil and stable.status == "False" and stable.reason == "RolledBack" then
  return {status = "Degraded", message = stable.message or "rolled back"}
end
if obj.spec ~= nil and obj.spec.desiredCount == 0 then
  return {status = "Suspended", message = "Scaled to 0 tasks"}
end
local ready = condition(conditions, "Ready")
if ready ~= nil and ready.status == "True" then
  return {status = "Healthy", message = ready.message or ""}
end
local reconciling = condition(conditions, "Reconciling")
if reconciling ~= nil and reconciling.message ~= nil and reconciling.message ~= "" then
  hs.message = reconciling.message
elseif ready ~= nil and ready.message ~= nil then
  hs.message = ready.message
end
return hs
