-- Ends a turn whose owner died: appends error{interrupted} as its next event, only when no one
-- holds its lease, it is still running, and no event was added since the caller read it.
-- Charges the tokens the turn had used (recorded with its events) to the session.
-- KEYS[1] lease, KEYS[2] turn hash, KEYS[3] turn events, KEYS[4] meta
-- ARGV[1] turn id, ARGV[2] the seq the caller read, ARGV[3] the error event's body (its seq is
-- ARGV[2] + 1), ARGV[4] channel, ARGV[5] now ms, ARGV[6] retention ms, ARGV[7] error message
-- Returns 1 when ended, 0 when the turn is alive, ended, or moved on.
--@include fence
--@include append
if holder_turn(KEYS[1]) == ARGV[1] then
  return 0
end
if redis.call('HGET', KEYS[2], 'status') ~= 'running' then
  return 0
end
if redis.call('HGET', KEYS[2], 'seq') ~= ARGV[2] then
  return 0
end
local seq = tonumber(ARGV[2]) + 1
redis.call('HSET', KEYS[2], 'status', 'error', 'endedAt', ARGV[5], 'errorCode', 'interrupted',
  'errorMessage', ARGV[7])
announce(ARGV[4], append(KEYS[3], KEYS[2], seq, {'error', ARGV[5], ARGV[3]}, 1, 1))
redis.call('PEXPIRE', KEYS[2], ARGV[6])
redis.call('PEXPIRE', KEYS[3], ARGV[6])
if redis.call('EXISTS', KEYS[4]) == 1 then
  local used = tonumber(redis.call('HGET', KEYS[2], 'inputTokens') or '0')
    + tonumber(redis.call('HGET', KEYS[2], 'outputTokens') or '0')
  redis.call('HINCRBY', KEYS[4], 'tokens', used)
end
return 1
