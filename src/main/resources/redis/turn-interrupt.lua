-- Ends a turn whose owner died: appends error{interrupted} as its next event, only when no one
-- holds its lease, it is still running, and no event was added since the caller read it.
-- KEYS[1] lease, KEYS[2] turn hash, KEYS[3] turn events
-- ARGV[1] turn id, ARGV[2] the seq the caller read, ARGV[3] event JSON (seq = ARGV[2] + 1),
-- ARGV[4] channel, ARGV[5] now ms, ARGV[6] retention ms, ARGV[7] error message
-- Returns 1 when ended, 0 when the turn is alive, ended, or moved on.
local holder = redis.call('GET', KEYS[1])
if holder and (string.match(holder, '^(.*):[0-9]+$') or holder) == ARGV[1] then
  return 0
end
if redis.call('HGET', KEYS[2], 'status') ~= 'running' then
  return 0
end
if redis.call('HGET', KEYS[2], 'seq') ~= ARGV[2] then
  return 0
end
local seq = tonumber(ARGV[2]) + 1
redis.call('XADD', KEYS[3], '0-' .. seq, 't', 'error', 'd', ARGV[3])
redis.call('HSET', KEYS[2], 'status', 'error', 'seq', seq, 'endedAt', ARGV[5], 'errorCode', 'interrupted',
  'errorMessage', ARGV[7])
redis.call('PEXPIRE', KEYS[2], ARGV[6])
redis.call('PEXPIRE', KEYS[3], ARGV[6])
redis.call('PUBLISH', ARGV[4], seq .. ':error:' .. ARGV[3])
return 1
