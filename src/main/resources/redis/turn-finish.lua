-- Ends a turn atomically: appends its last events (the terminal one last), records the outcome,
-- appends the turn's messages to the history, charges its tokens (and its cost, when priced) to
-- the session, releases the lease and sets the turn's retention. Only while the caller holds the
-- lease; a retry of this caller's finish that already landed (its reply was lost) succeeds
-- without writing twice.
-- KEYS[1] lease, KEYS[2] turn hash, KEYS[3] turn events, KEYS[4] meta, KEYS[5] history,
-- KEYS[6] turns, KEYS[7] fence, KEYS[8] cancel request, KEYS[9] running summary (slides with the
-- session when it exists)
-- ARGV[1] lease token, ARGV[2] seq of the first event, ARGV[3] channel, ARGV[4] now ms,
-- ARGV[5] retention ms, ARGV[6] history cap, ARGV[7] outcome JSON (the turn hash's status and
-- result fields), ARGV[8] number of history messages m, ARGV[9..8+m] the messages,
-- ARGV[9+m..] per event: type, epoch ms, body
-- Returns 1, or 0 when the lease is lost.
--@include fence
--@include slide
--@include append
-- fence_of(token): the fencing number of a lease token <turnId>:<fence> (the turn id is the key's).
local function fence_of(token)
  return string.match(token, ':([0-9]+)$') or token
end
local messages = tonumber(ARGV[8])
local from = 9 + messages
local count = (#ARGV - from + 1) / 3
local last = tonumber(ARGV[2]) + count - 1
if redis.call('HGET', KEYS[2], 'finished') == fence_of(ARGV[1]) .. '@' .. last then
  return 1
end
if not holds(KEYS[1], ARGV[1]) then
  return 0
end
announce(ARGV[3], append(KEYS[3], KEYS[2], tonumber(ARGV[2]), ARGV, from, count))
local outcome = cjson.decode(ARGV[7])
for field, value in pairs(outcome) do
  redis.call('HSET', KEYS[2], field, tostring(value))
end
redis.call('HSET', KEYS[2], 'endedAt', ARGV[4], 'finished', fence_of(ARGV[1]) .. '@' .. last)
redis.call('PEXPIRE', KEYS[2], ARGV[5])
redis.call('PEXPIRE', KEYS[3], ARGV[5])
if redis.call('EXISTS', KEYS[4]) == 1 then
  if messages > 0 then
    redis.call('RPUSH', KEYS[5], unpack(ARGV, 9, 8 + messages))
    redis.call('LTRIM', KEYS[5], -tonumber(ARGV[6]), -1)
  end
  redis.call('HINCRBY', KEYS[4], 'tokens', (outcome['inputTokens'] or 0) + (outcome['outputTokens'] or 0))
  if outcome['costNanos'] then
    redis.call('HINCRBY', KEYS[4], 'costNanos', outcome['costNanos'])
    redis.call('HSET', KEYS[4], 'costCurrency', outcome['currency'])
  end
  slide(KEYS[4], ARGV[4], {KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[9]})
end
redis.call('DEL', KEYS[1], KEYS[8])
return 1
