-- Argo CD health of an EcsTask (Lua 5.1): Degraded when Stalled or when a stopped task failed (it could not start,
-- or an essential container exited non-zero), Healthy when Ready, Progressing while tasks start or stop.
local function condition(conditions, kind)
  for _, c in ipairs(conditions or {}) do
    if c.type == kind then return c end
  end
  return nil
end

local function failure(task)
  if task.lastStatus ~= "STOPPED" then return nil end
  -- Argo CD opens no string library: the task is named by its whole ARN.
  local id = task.taskArn or "?"
  if task.stopCode == "TaskFailedToStart" then
    return "task " .. id .. " failed to start: " .. (task.stoppedReason or "")
  end
  for _, c in ipairs(task.containers or {}) do
    if c.essential and c.exitCode ~= nil and c.exitCode ~= 0 then
      return "task " .. id .. ": essential container " .. c.name .. " exited with code " .. c.exitCode
    end
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
for _, task in ipairs(obj.status.tasks or {}) do
  local failed = failure(task)
  if failed ~= nil then
    return {status = "Degraded", message = failed}
  end
end
local ready = condition(obj.status.conditions, "Ready")
if ready ~= nil and ready.status == "True" then
  return {status = "Healthy", message = ready.message or ""}
end
return {status = "Progressing", message = (ready and ready.message) or "Reconciling"}
