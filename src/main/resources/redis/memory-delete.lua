-- Deletes one memory of a user.
-- KEYS[1] index, KEYS[2] the memory's hash, KEYS[3] signatures hash
-- ARGV[1] id
-- Returns 1 when it existed, else 0.
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then
  return 0
end
redis.call('DEL', KEYS[2])
redis.call('HDEL', KEYS[3], ARGV[1])
return 1
