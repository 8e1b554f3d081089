-- Reads what the task API tells of a task, in one step.
--
-- KEYS[1]  the task's history stream
-- KEYS[2]  the task's followers hash: field = gateway node id, value = its open streams of the task
--
-- Returns {} when the task has no history, else
-- {length, oldest id, last id, last envelope, {node, streams, node, streams, ...}}.
if redis.call('EXISTS', KEYS[1]) == 0 then
	return {}
end
local length, oldest, last, envelope = 0, '', '', ''
local info = redis.call('XINFO', 'STREAM', KEYS[1])
for i = 1, #info, 2 do
	if info[i] == 'length' then
		length = info[i + 1]
	elseif info[i] == 'first-entry' and info[i + 1] then
		oldest = info[i + 1][1]
	elseif info[i] == 'last-entry' and info[i + 1] then
		last = info[i + 1][1]
		local fields = info[i + 1][2]
		for j = 1, #fields, 2 do
			if fields[j] == 'e' then
				envelope = fields[j + 1]
			end
		end
	end
end
if last == '' then
	return {}
end
return {length, oldest, last, envelope, redis.call('HGETALL', KEYS[2])}
