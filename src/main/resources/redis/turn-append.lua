-- Appends one event to a turn's log, only while the caller still holds the lease (fencing),
-- then announces it. The entry id 0-<seq> makes Redis refuse a gap-free sequence broken by a
-- duplicate or out-of-order write.
-- KEYS[1] lease, KEYS[2] turn hash, KEYS[3] turn events
-- ARGV[1] lease token, ARGV[2] seq, ARGV[3] type, ARGV[4] event JSON, ARGV[5] channel
-- Returns 1, or 0 when the lease is lost.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('XADD', KEYS[3], '0-' .. ARGV[2], 't', ARGV[3], 'd', ARGV[4])
redis.call('HSET', KEYS[2], 'seq', ARGV[2])
redis.call('PUBLISH', ARGV[5], ARGV[2] .. ':' .. ARGV[3] .. ':' .. ARGV[4])
return 1
