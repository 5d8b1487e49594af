-- Creates a session's metadata hash with its TTL, unless the key already exists, and records
-- its expiry as the one its indexes get (see session-open.lua).
-- KEYS[1] meta hash
-- ARGV[1] expiry (epoch ms); ARGV[2..] field, value, field, value, ...
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'indexed', ARGV[1], unpack(ARGV, 2))
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
return 1
