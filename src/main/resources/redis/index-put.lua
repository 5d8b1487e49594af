-- Records a member in an index sorted set scored by expiry, drops expired members, and keeps
-- the index's own TTL at the latest member's expiry, so no index outlives its sessions.
-- KEYS[1] index; ARGV[1] member, ARGV[2] its expiry (epoch ms), ARGV[3] now (epoch ms)
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if last[2] then
  redis.call('PEXPIREAT', KEYS[1], string.format('%d', tonumber(last[2])))
end
return redis.call('ZCARD', KEYS[1])
