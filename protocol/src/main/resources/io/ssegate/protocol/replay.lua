-- ssegate replay, protocol version 1. Reads a task's history after an event id.
-- KEYS[1] history stream
-- ARGV[1] id after which to read ('' = the whole history), ARGV[2] most entries to return
-- Returns {gap, finalId, entries}: gap is 1 when an event after ARGV[1] is no longer retained
-- (trimmed, or the history expired and began again),
-- finalId is the id of the last event when that event is terminal ('' otherwise),
-- entries are {id, {field, value, ...}} as XRANGE returns them.
local function after(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  return am > bm or (am == bm and as > bs)
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  if ARGV[1] ~= '' then
    return {1, '', {}}
  end
  return {0, '', {}}
end
local gap = 0
local start = '-'
if ARGV[1] ~= '' then
  start = '(' .. ARGV[1]
  -- The gap rule (GapRule.java says the same): only the oldest events are ever deleted, so an
  -- event after ARGV[1] is missing exactly when ARGV[1] is older than the first retained event
  -- and is not the last deleted one (a history that expired and began again has deleted nothing,
  -- yet the reader's id is from before it).
  local firstId, maxDeletedId = nil, '0-0'
  local info = redis.call('XINFO', 'STREAM', KEYS[1])
  for i = 1, #info, 2 do
    if info[i] == 'max-deleted-entry-id' then
      maxDeletedId = info[i + 1]
    elseif info[i] == 'first-entry' and info[i + 1] then
      firstId = info[i + 1][1]
    end
  end
  if firstId and after(firstId, ARGV[1]) and maxDeletedId ~= ARGV[1] then
    gap = 1
  end
end
local entries = redis.call('XRANGE', KEYS[1], start, '+', 'COUNT', ARGV[2])
return {gap, terminal_id(KEYS[1]) or '', entries}
