-- Stores one memory of a user unless the user already has ARGV[1] memories, and files it in
-- the plain-Redis vector index: a cluster of memories around one centroid (an inverted file).
-- KEYS[1] index (sorted set of ids, all score 0, so newest id last), KEYS[2] the memory's hash,
-- KEYS[3] centroids (a string of records: member count uint32 LE, quantised vector),
-- ARGV[1] limit, ARGV[2] id, ARGV[3] the most centroids, ARGV[4] the key prefix of clusters
-- (<prefix><n>, in the user's hash slot), ARGV[5] the centroid the client found nearest (-1:
-- none), ARGV[6] 1 when the memory should found a cluster (no centroid is near it),
-- ARGV[7] its centroid record, ARGV[8] its cluster record (id, quantised vector),
-- ARGV[9..] the memory's fields and values (its float32 vector and owner among them, which
-- the Query Engine's index reads)
-- Returns 1 when stored, 0 when the user is at the limit, -1 when the client saw no centroid
-- and may not found one (read them again), -2 when the user's index holds vectors of another
-- dimension (the embedder was changed).
local stored = redis.call('ZCARD', KEYS[1])
if stored >= tonumber(ARGV[1]) then
  return 0
end
if #ARGV[2] ~= 32 then
  return redis.error_reply('memory ids are 32 bytes')
end
local stride = #ARGV[7]
local centroids = redis.call('STRLEN', KEYS[3])
if #ARGV[8] ~= 32 + stride - 4 then
  return redis.error_reply('a cluster record is the 32-byte id and the centroid record less its count')
end
if centroids % stride ~= 0 then
  return -2
end
centroids = centroids / stride
local cap = tonumber(ARGV[3])
local cluster
if ARGV[6] == '1' and centroids < cap then
  redis.call('APPEND', KEYS[3], ARGV[7])
  cluster = centroids
else
  cluster = tonumber(ARGV[5])
  if cluster < 0 or cluster >= centroids then
    return -1
  end
  local at = cluster * stride
  local members = struct.unpack('<I4', redis.call('GETRANGE', KEYS[3], at, at + 3))
  redis.call('SETRANGE', KEYS[3], at, struct.pack('<I4', members + 1))
end
redis.call('APPEND', ARGV[4] .. cluster, ARGV[8])
local fields = {}
for i = 9, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
redis.call('HSET', KEYS[2], 'cluster', cluster, unpack(fields))
redis.call('ZADD', KEYS[1], 0, ARGV[2])
return 1
