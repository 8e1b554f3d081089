-- ssegate publish, protocol version 1. Appends one event to a task's history and publishes it, atomically.
-- KEYS[1] history stream, KEYS[2] idempotency key (any key of the same hash tag when unused)
-- ARGV[1] channel, ARGV[2] envelope JSON, ARGV[3] '1' if the event is terminal else '0',
-- ARGV[4] history max length, ARGV[5] history TTL in seconds, ARGV[6] idempotency TTL in seconds ('0' = no key),
-- ARGV[7] (optional) 'sharded' to publish with SPUBLISH (Redis Cluster); otherwise PUBLISH
-- Returns {id, duplicate, receivers}: duplicate is 1 when the idempotency key was already used (id is the first
-- event's id, and nothing was published: receivers is 0); receivers is what PUBLISH/SPUBLISH returned, the number of
-- subscribed connections (one per gateway node that follows the task).
if ARGV[6] ~= '0' then
  local seen = redis.call('GET', KEYS[2])
  if seen then
    return {seen, 1, 0}
  end
end
local ended = terminal_id(KEYS[1])
if ended then
  return redis.error_reply('ENDED task already ended with event ' .. ended)
end
local id = redis.call('XADD', KEYS[1], '*', 'e', ARGV[2], 't', ARGV[3])
local excess = redis.call('XLEN', KEYS[1]) - tonumber(ARGV[4])
if excess > 0 then
  -- XDEL (unlike MAXLEN trimming) records max-deleted-entry-id, which tells readers about gaps.
  for _, entry in ipairs(redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', excess)) do
    redis.call('XDEL', KEYS[1], entry[1])
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[5])
local receivers
if ARGV[7] == 'sharded' then
  receivers = redis.call('SPUBLISH', ARGV[1], id .. ' ' .. ARGV[2])
else
  receivers = redis.call('PUBLISH', ARGV[1], id .. ' ' .. ARGV[2])
end
if ARGV[6] ~= '0' then
  redis.call('SET', KEYS[2], id, 'EX', ARGV[6])
end
return {id, 0, receivers}
