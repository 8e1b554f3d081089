-- Reports one gateway node's open streams and returns those of every live node (its own
-- included), dropping the nodes that stopped reporting.
--
-- KEYS[1]  the hash of node loads: field = node id, value = "<streams> <reported at, ms>"
-- ARGV[1]  the node's id
-- ARGV[2]  its open streams
-- ARGV[3]  how long a report counts, in milliseconds
--
-- Times are the Redis server's (TIME), so the nodes' clocks do not matter.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ' ' .. now)
redis.call('PEXPIRE', KEYS[1], ttl)
local loads = {}
local entries = redis.call('HGETALL', KEYS[1])
for i = 1, #entries, 2 do
	local streams, at = string.match(entries[i + 1], '^(%d+) (%d+)$')
	if at and now - tonumber(at) <= ttl then
		loads[#loads + 1] = tonumber(streams)
	else
		redis.call('HDEL', KEYS[1], entries[i])
	end
end
return loads
