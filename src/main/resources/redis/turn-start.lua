-- Starts a turn: takes the session's lease (one running turn per session) with a new fencing
-- token, records the turn, appends the user's message to the history and the first event to
-- the turn's log, and slides the session's expiry. All or nothing. With an idempotency key
-- already used in this session, starts nothing and names that key's turn.
-- KEYS[1] meta, KEYS[2] history, KEYS[3] turns, KEYS[4] fence, KEYS[6] idempotency keys,
-- KEYS[7] lease, KEYS[8] turn hash, KEYS[8] turn events
-- ARGV[1] user id, ARGV[2] turn id, ARGV[3] lease ms, ARGV[4] now ms, ARGV[5] turn keys' ttl ms,
-- ARGV[6] agent type, ARGV[7] owner (replica), ARGV[8] user message JSON,
-- ARGV[9] first event JSON, ARGV[10] pub/sub channel, ARGV[11] history cap,
-- ARGV[12] idempotency key or ''
-- Returns {'missing'}, {'existing', turn id}, {'busy', running turn id} or {'started', token}.
if redis.call('HGET', KEYS[1], 'user') ~= ARGV[1] then
  return {'missing'}
end
if ARGV[12] ~= '' then
  local existing = redis.call('HGET', KEYS[5], ARGV[12])
  if existing then
    return {'existing', existing}
  end
end
local holder = redis.call('GET', KEYS[6])
if holder then
  return {'busy', string.match(holder, '^(.*):[0-9]+$') or holder}
end
local fence = redis.call('INCR', KEYS[4])
local token = ARGV[2] .. ':' .. fence
redis.call('SET', KEYS[6], token, 'PX', ARGV[3])
redis.call('HSET', KEYS[7], 'status', 'running', 'fence', fence, 'seq', 1, 'startedAt', ARGV[4],
  'agentType', ARGV[6], 'owner', ARGV[7], 'user', ARGV[1])
redis.call('XADD', KEYS[8], '0-1', 't', 'turn_started', 'd', ARGV[9])
redis.call('PEXPIRE', KEYS[7], ARGV[5])
redis.call('PEXPIRE', KEYS[8], ARGV[5])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[2])
redis.call('RPUSH', KEYS[2], ARGV[8])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[11]), -1)
redis.call('HSET', KEYS[1], 'active', ARGV[4])
local at = tonumber(ARGV[4]) + tonumber(redis.call('HGET', KEYS[1], 'ttl'))
local deadline = tonumber(redis.call('HGET', KEYS[1], 'deadline') or '0')
if deadline > 0 and deadline < at then
  at = deadline
end
if ARGV[12] ~= '' then
  redis.call('HSET', KEYS[5], ARGV[12], ARGV[2])
end
for i = 1, 5 do
  redis.call('PEXPIREAT', KEYS[i], at)
end
redis.call('PUBLISH', ARGV[10], '1:turn_started:' .. ARGV[9])
return {'started', token}
