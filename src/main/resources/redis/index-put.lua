-- Records a member in an index sorted set scored by expiry, drops expired members, and keeps
-- the index's own TTL at the latest member's expiry, so no index outlives its sessions.
-- With a limit, a new member is refused (-1, nothing changed but the expired dropped) while
-- the index already holds that many live members: counting and claiming are one step.
-- KEYS[1] index; ARGV[1] member, ARGV[2] its expiry (epoch ms), ARGV[3] now (epoch ms),
-- ARGV[4] limit (0 or absent: none)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
local limit = tonumber(ARGV[4] or '0')
if limit > 0 and not redis.call('ZSCORE', KEYS[1], ARGV[1]) and redis.call('ZCARD', KEYS[1]) >= limit then
  return -1
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if last[2] then
  redis.call('PEXPIREAT', KEYS[1], string.format('%d', tonumber(last[2])))
end
return redis.call('ZCARD', KEYS[1])
