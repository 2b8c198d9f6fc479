-- Argo CD health of a Stevedore resource (Lua 5.1): Degraded when Stalled, Healthy when Ready,
-- Progressing while the operator has not observed the latest generation or is still working.
local function condition(conditions, kind)
  for _, c in ipairs(conditions or {}) do
    if c.type == kind then return c end
  end
  return nil
end

if obj.metadata.deletionTimestamp ~= nil then
  return {status = "Progressing", message = "Deleting"}
end
if obj.status == nil or obj.status.observedGeneration == nil
    or obj.status.observedGeneration < (obj.metadata.generation or 0) then
  return {status = "Progressing", message = "Waiting for the Stevedore operator"}
end
local stalled = condition(obj.status.conditions, "Stalled")
if stalled ~= nil and stalled.status == "True" then
  return {status = "Degraded", message = (stalled.reason or "") .. ": " .. (stalled.message or "")}
end
local ready = condition(obj.status.conditions, "Ready")
if ready ~= nil and ready.status == "True" then
  return {status = "Healthy", message = ready.message or ""}
end
return {status = "Progressing", message = (ready and ready.message) or "Reconciling"}
