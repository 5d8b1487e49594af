-- Appends one event to a turn's log, only while the caller still holds the lease (fencing),
-- then announces it, and keeps the turn's usage so far (charged to the session even if the
-- owner dies). A retry of a write that already landed succeeds without writing twice.
-- KEYS[1] lease, KEYS[2] turn hash, KEYS[3] turn events
-- ARGV[1] lease token, ARGV[2] seq, ARGV[3] type, ARGV[4] event JSON, ARGV[5] channel,
-- ARGV[6] input tokens so far, ARGV[7] output tokens so far
-- Returns 1, or 0 when the lease is lost.
--@include fence
--@include append
if not holds(KEYS[1], ARGV[1]) then
  return 0
end
if written(KEYS[2], ARGV[2]) then
  return 1
end
append(KEYS[3], KEYS[2], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
redis.call('HSET', KEYS[2], 'inputTokens', ARGV[6], 'outputTokens', ARGV[7])
return 1
