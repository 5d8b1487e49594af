-- Deletes one memory of a user, and its record in the cluster of the plain-Redis vector index
-- (replaced by the cluster's last record: records are unordered, so a cluster stays dense).
-- KEYS[1] index, KEYS[2] the memory's hash, KEYS[3] centroids (records of a member count and
-- a quantised vector)
-- ARGV[1] id, ARGV[2] the key prefix of clusters (<prefix><n>; they share the user's hash slot)
-- Returns 1 when it existed, else 0.
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then
  return 0
end
local stored = redis.call('HMGET', KEYS[2], 'cluster', 'vec')
redis.call('DEL', KEYS[2])
local cluster, vector = stored[1], stored[2]
if not cluster or not vector then
  return 1
end
local key = ARGV[2] .. cluster
-- A centroid record holds a count, a scale and a byte per dimension; a cluster record holds
-- the 32-byte id, the scale and the bytes.
local centroid_stride = 8 + #vector / 4
local stride = centroid_stride + 28
local records = redis.call('GET', key)
if records then
  local at = 1
  while true do
    local found = string.find(records, ARGV[1], at, true)
    if not found then
      break
    end
    if (found - 1) % stride == 0 then
      local last = #records - stride + 1
      if found == last then
        records = string.sub(records, 1, found - 1)
      else
        records = string.sub(records, 1, found - 1) .. string.sub(records, last)
          .. string.sub(records, found + stride, last - 1)
      end
      if #records == 0 then
        redis.call('DEL', key)
      else
        redis.call('SET', key, records)
      end
      local offset = tonumber(cluster) * centroid_stride
      local members = struct.unpack('<I4', redis.call('GETRANGE', KEYS[3], offset, offset + 3))
      if members > 0 then
        redis.call('SETRANGE', KEYS[3], offset, struct.pack('<I4', members - 1))
      end
      break
    end
    at = found + 1
  end
end
return 1
