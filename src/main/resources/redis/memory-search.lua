-- Semantic search of one user's memories on plain Redis, without sending every vector to the
-- client. Pass 1 ranks every memory by the Hamming distance of its 128-bit sign signature to
-- the query's (4 XORs and popcounts each); pass 2 scores the closest ARGV[3] exactly (dot
-- product of unit float32 vectors = cosine) and answers the best ARGV[4].
-- KEYS[1] signatures hash (id -> 16 bytes)
-- ARGV[1] query signature, ARGV[2] query vector, ARGV[3] candidates, ARGV[4] results,
-- ARGV[5] the key prefix of the user's memory hashes (<prefix><id>, field 'vec': float32 LE);
-- they share KEYS[1]'s hash slot (the {mem:<user>} tag), so this is safe on a cluster.
-- Returns {id, score, id, score, ...} best first (scores as strings).
local band, bxor, rshift = bit.band, bit.bxor, bit.rshift
local function pop(x)
  x = x - band(rshift(x, 1), 0x55555555)
  x = band(x, 0x33333333) + band(rshift(x, 2), 0x33333333)
  x = band(x + rshift(x, 4), 0x0F0F0F0F)
  x = x + rshift(x, 8)
  return band(x + rshift(x, 16), 0x3F)
end
local q1, q2, q3, q4 = struct.unpack('<I4I4I4I4', ARGV[1])
local entries = redis.call('HGETALL', KEYS[1])
local candidates = tonumber(ARGV[3])
local ids, distances, histogram = {}, {}, {}
for d = 0, 128 do histogram[d] = 0 end
local n = 0
for i = 1, #entries, 2 do
  local s1, s2, s3, s4 = struct.unpack('<I4I4I4I4', entries[i + 1])
  local total = pop(bxor(s1, q1)) + pop(bxor(s2, q2)) + pop(bxor(s3, q3)) + pop(bxor(s4, q4))
  n = n + 1
  ids[n] = entries[i]
  distances[n] = total
  histogram[total] = histogram[total] + 1
end
-- The largest distance that keeps at most `candidates` memories (ties beyond it are cut).
local threshold, kept = -1, 0
for d = 0, 128 do
  if kept + histogram[d] > candidates then break end
  kept = kept + histogram[d]
  threshold = d
end
local chosen = {}
for i = 1, n do
  if distances[i] <= threshold then
    chosen[#chosen + 1] = ids[i]
  end
end
-- Fill up with part of the next non-empty distance.
local next_distance = threshold + 1
while next_distance <= 128 and histogram[next_distance] == 0 do
  next_distance = next_distance + 1
end
if next_distance <= 128 then
  for i = 1, n do
    if #chosen >= candidates then break end
    if distances[i] == next_distance then
      chosen[#chosen + 1] = ids[i]
    end
  end
end
if #chosen == 0 then
  return {}
end
local dims = #ARGV[2] / 4
local format = '<' .. string.rep('f', dims)
local query = {struct.unpack(format, ARGV[2])}
local scored = {}
for _, id in ipairs(chosen) do
  local v = redis.call('HGET', ARGV[5] .. id, 'vec')
  if v and #v == #ARGV[2] then
    local values = {struct.unpack(format, v)}
    local dot = 0
    for j = 1, dims do
      dot = dot + values[j] * query[j]
    end
    scored[#scored + 1] = {id, dot}
  end
end
table.sort(scored, function(a, b) return a[2] > b[2] end)
local reply = {}
for i = 1, math.min(tonumber(ARGV[4]), #scored) do
  reply[#reply + 1] = scored[i][1]
  reply[#reply + 1] = string.format('%.6f', scored[i][2])
end
return reply
