-- append(events, turn, seq, type, json, channel): adds an event to a turn's log (entry id
-- 0-<seq>, so Redis refuses a duplicate or out-of-order seq), records the seq on the turn,
-- and announces it to followers on any replica.
local function append(events, turn, seq, type, json, channel)
  redis.call('XADD', events, '0-' .. seq, 't', type, 'd', json)
  redis.call('HSET', turn, 'seq', seq)
  redis.call('PUBLISH', channel, seq .. ':' .. type .. ':' .. json)
end
-- written(turn, seq): whether an event with this seq is already in the log (a retried write
-- whose first attempt succeeded but whose reply was lost).
local function written(turn, seq)
  return tonumber(redis.call('HGET', turn, 'seq') or '0') >= tonumber(seq)
end
