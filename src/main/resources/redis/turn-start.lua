-- Starts a turn: takes the session's lease (one running turn per session) with a new fencing
-- token, records the turn, appends the user's message to the history and the first event to
-- the turn's log, and slides the session's expiry. All or nothing. With an idempotency key
-- already used in this session, starts nothing and names that key's turn. Refuses to start
-- after ARGV[13] (Redis time): by then the caller has timed out and answered an error, and a
-- request answered with an error must not take effect.
-- KEYS[1] meta, KEYS[2] history, KEYS[3] turns, KEYS[4] fence, KEYS[5] idempotency key (or
-- the meta key again when there is none), KEYS[6] lease, KEYS[7] turn hash, KEYS[8] turn events,
-- KEYS[9] cancel request, KEYS[10] running summary (slides with the session when it exists)
-- ARGV[1] user id, ARGV[2] turn id, ARGV[3] lease ms, ARGV[4] now ms, ARGV[5] turn keys' ttl ms,
-- ARGV[6] agent type, ARGV[7] owner (replica), ARGV[8] user message JSON,
-- ARGV[9] first event's body (its JSON without the envelope), ARGV[10] pub/sub channel,
-- ARGV[11] history cap, ARGV[12] idempotency key or '', ARGV[13] last moment to start (Redis
-- epoch ms, 0: none), ARGV[14] drop turn ids started before this from the session's turn index
-- (epoch ms), ARGV[15] how many of the last history messages to answer with (the turn's context)
-- Returns {'missing'}, {'late'}, {'existing', turn id}, {'busy', running turn id} or
-- {'started', token, the last ARGV[15] history messages (the new one last)...}.
--@include owner
--@include fence
--@include slide
--@include append
--@include clock
if tonumber(ARGV[13]) > 0 and server_now() > tonumber(ARGV[13]) then
  return {'late'}
end
if not owns(KEYS[1], ARGV[1]) then
  return {'missing'}
end
if ARGV[12] ~= '' then
  local existing = redis.call('GET', KEYS[5])
  if existing then
    return {'existing', existing}
  end
end
local running = holder_turn(KEYS[6])
if running then
  return {'busy', running}
end
local fence = redis.call('INCR', KEYS[4])
local token = ARGV[2] .. ':' .. fence
redis.call('SET', KEYS[6], token, 'PX', ARGV[3])
redis.call('DEL', KEYS[9])
redis.call('HSET', KEYS[7], 'status', 'running', 'fence', fence, 'startedAt', ARGV[4],
  'agentType', ARGV[6], 'owner', ARGV[7], 'user', ARGV[1])
announce(ARGV[10], append(KEYS[8], KEYS[7], 1, {'turn_started', ARGV[4], ARGV[9]}, 1, 1))
redis.call('PEXPIRE', KEYS[7], ARGV[5])
redis.call('PEXPIRE', KEYS[8], ARGV[5])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[14])
redis.call('RPUSH', KEYS[2], ARGV[8])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[11]), -1)
slide(KEYS[1], ARGV[4], {KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[10]})
if ARGV[12] ~= '' then
  redis.call('SET', KEYS[5], ARGV[2], 'PX', ARGV[5])
end
local reply = redis.call('LRANGE', KEYS[2], -tonumber(ARGV[15]), -1)
table.insert(reply, 1, token)
table.insert(reply, 1, 'started')
return reply
