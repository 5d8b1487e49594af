-- Stores one memory of a user unless the user already has ARGV[1] memories.
-- KEYS[1] index (sorted set of ids, all score 0, so newest id last), KEYS[2] the memory's hash,
-- KEYS[3] signatures hash (id -> 16 bytes)
-- ARGV[1] limit, ARGV[2] id, ARGV[3] signature, ARGV[4..] the memory's fields and values (its
-- vector and owner among them, which the Query Engine's index reads)
-- Returns 1 when stored, 0 when the user is at the limit.
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  return 0
end
local fields = {}
for i = 4, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
redis.call('HSET', KEYS[2], unpack(fields))
redis.call('HSET', KEYS[3], ARGV[2], ARGV[3])
redis.call('ZADD', KEYS[1], 0, ARGV[2])
return 1
