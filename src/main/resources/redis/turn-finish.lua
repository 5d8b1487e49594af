-- Ends a turn atomically: appends its terminal event, records the outcome, appends the turn's
-- messages to the history, releases the lease and sets the turn's retention. Only while the
-- caller holds the lease.
-- KEYS[1] lease, KEYS[2] turn hash, KEYS[3] turn events, KEYS[4] meta, KEYS[5] history,
-- KEYS[6] turns, KEYS[7] fence, KEYS[8] idempotency keys
-- ARGV[1] lease token, ARGV[2] seq, ARGV[3] type, ARGV[4] event JSON, ARGV[5] channel,
-- ARGV[6] now ms, ARGV[7] retention ms, ARGV[8] history cap, ARGV[9] outcome JSON
-- (the turn hash's status and result fields), ARGV[10..] messages for the history
-- Returns 1, or 0 when the lease is lost.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('XADD', KEYS[3], '0-' .. ARGV[2], 't', ARGV[3], 'd', ARGV[4])
local outcome = cjson.decode(ARGV[9])
for field, value in pairs(outcome) do
  redis.call('HSET', KEYS[2], field, tostring(value))
end
redis.call('HSET', KEYS[2], 'seq', ARGV[2], 'endedAt', ARGV[6])
redis.call('PEXPIRE', KEYS[2], ARGV[7])
redis.call('PEXPIRE', KEYS[3], ARGV[7])
if redis.call('EXISTS', KEYS[4]) == 1 then
  if #ARGV >= 10 then
    redis.call('RPUSH', KEYS[5], unpack(ARGV, 10))
    redis.call('LTRIM', KEYS[5], -tonumber(ARGV[8]), -1)
  end
  redis.call('HSET', KEYS[4], 'active', ARGV[6])
  redis.call('HINCRBY', KEYS[4], 'tokens', (outcome['inputTokens'] or 0) + (outcome['outputTokens'] or 0))
  local at = tonumber(ARGV[6]) + tonumber(redis.call('HGET', KEYS[4], 'ttl'))
  local deadline = tonumber(redis.call('HGET', KEYS[4], 'deadline') or '0')
  if deadline > 0 and deadline < at then
    at = deadline
  end
  for i = 4, 8 do
    redis.call('PEXPIREAT', KEYS[i], at)
  end
end
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[5], ARGV[2] .. ':' .. ARGV[3] .. ':' .. ARGV[4])
return 1
