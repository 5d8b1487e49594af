-- Appends a batch of events to a turn's log, only while the caller still holds the lease
-- (fencing), announces them in one notice, and keeps the turn's usage so far (charged to the
-- session even if the owner dies). A retry of a batch that already landed succeeds without
-- writing twice.
-- KEYS[1] lease, KEYS[2] turn hash, KEYS[3] turn events
-- ARGV[1] lease token, ARGV[2] seq of the first event, ARGV[3] channel, ARGV[4] input tokens so
-- far, ARGV[5] output tokens so far, ARGV[6..] per event: type, epoch ms, body
-- Returns 1, or 0 when the lease is lost.
--@include fence
--@include append
if not holds(KEYS[1], ARGV[1]) then
  return 0
end
local count = (#ARGV - 5) / 3
local first = tonumber(ARGV[2])
if written(KEYS[2], first + count - 1) then
  return 1
end
announce(ARGV[3], append(KEYS[3], KEYS[2], first, ARGV, 6, count))
redis.call('HSET', KEYS[2], 'inputTokens', ARGV[4], 'outputTokens', ARGV[5])
return 1
