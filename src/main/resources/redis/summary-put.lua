-- Stores a session's running summary, expiring with the session; nothing when the session is
-- gone.
-- KEYS[1] session meta, KEYS[2] summary hash
-- ARGV: field, value pairs
-- Returns 1 when stored, else 0.
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  return 0
end
redis.call('HSET', KEYS[2], unpack(ARGV))
redis.call('PEXPIRE', KEYS[2], ttl)
return 1
