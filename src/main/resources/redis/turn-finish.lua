-- Ends a turn atomically: appends its terminal event, records the outcome, appends the turn's
-- messages to the history, charges its tokens (and its cost, when priced) to the session,
-- releases the lease and sets the turn's retention. Only while the caller holds the lease; a retry of this caller's finish that
-- already landed (its reply was lost) succeeds without writing twice.
-- KEYS[1] lease, KEYS[2] turn hash, KEYS[3] turn events, KEYS[4] meta, KEYS[5] history,
-- KEYS[6] turns, KEYS[7] fence, KEYS[8] cancel request
-- ARGV[1] lease token, ARGV[2] seq, ARGV[3] type, ARGV[4] event JSON, ARGV[5] channel,
-- ARGV[6] now ms, ARGV[7] retention ms, ARGV[8] history cap, ARGV[9] outcome JSON
-- (the turn hash's status and result fields), ARGV[10..] messages for the history
-- Returns 1, or 0 when the lease is lost.
--@include fence
--@include slide
--@include append
if redis.call('HGET', KEYS[2], 'finished') == ARGV[1] .. '@' .. ARGV[2] then
  return 1
end
if not holds(KEYS[1], ARGV[1]) then
  return 0
end
local outcome = cjson.decode(ARGV[9])
for field, value in pairs(outcome) do
  redis.call('HSET', KEYS[2], field, tostring(value))
end
append(KEYS[3], KEYS[2], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
redis.call('HSET', KEYS[2], 'endedAt', ARGV[6], 'finished', ARGV[1] .. '@' .. ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[7])
redis.call('PEXPIRE', KEYS[3], ARGV[7])
if redis.call('EXISTS', KEYS[4]) == 1 then
  if #ARGV >= 10 then
    redis.call('RPUSH', KEYS[5], unpack(ARGV, 10))
    redis.call('LTRIM', KEYS[5], -tonumber(ARGV[8]), -1)
  end
  redis.call('HINCRBY', KEYS[4], 'tokens', (outcome['inputTokens'] or 0) + (outcome['outputTokens'] or 0))
  if outcome['costNanos'] then
    redis.call('HINCRBY', KEYS[4], 'costNanos', outcome['costNanos'])
    redis.call('HSET', KEYS[4], 'costCurrency', outcome['currency'])
  end
  slide(KEYS[4], ARGV[6], {KEYS[4], KEYS[5], KEYS[6], KEYS[7]})
end
redis.call('DEL', KEYS[1], KEYS[8])
return 1
