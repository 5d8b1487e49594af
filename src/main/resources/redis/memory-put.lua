-- Stores one memory of a user unless the user already has ARGV[1] memories.
-- KEYS[1] index (sorted set of ids, all score 0, so newest id last), KEYS[2] the memory's hash,
-- KEYS[3] signatures (a string of 48-byte records: 16-byte signature, then the 32-byte id)
-- ARGV[1] limit, ARGV[2] id, ARGV[3] signature, ARGV[4..] the memory's fields and values (its
-- vector and owner among them, which the Query Engine's index reads)
-- Returns 1 when stored, 0 when the user is at the limit.
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  return 0
end
if #ARGV[2] ~= 32 or #ARGV[3] ~= 16 then
  return redis.error_reply('memory ids are 32 bytes and signatures 16')
end
local fields = {}
for i = 4, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
redis.call('HSET', KEYS[2], unpack(fields))
redis.call('APPEND', KEYS[3], ARGV[3] .. ARGV[2])
redis.call('ZADD', KEYS[1], 0, ARGV[2])
return 1
