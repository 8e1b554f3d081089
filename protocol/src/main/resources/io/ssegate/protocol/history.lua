-- ssegate protocol version 1: what publish.lua and replay.lua share. Each script is sent with this
-- text in front of it (see docs/protocol.md).

-- The id of the last entry of a task's history when that entry ends the task (field t = '1'), else nil.
local function terminal_id(history)
  local last = redis.call('XREVRANGE', history, '+', '-', 'COUNT', 1)[1]
  if last then
    local fields = last[2]
    for i = 1, #fields, 2 do
      if fields[i] == 't' and fields[i + 1] == '1' then
        return last[1]
      end
    end
  end
  return nil
end
