-- Semantic search of one user's memories on plain Redis, without sending every vector to the
-- client. Pass 1 ranks every memory by the Hamming distance of its 128-bit sign signature to
-- the query's; pass 2 scores the closest ARGV[3] exactly (dot
-- product of unit float32 vectors = cosine) and answers the best ARGV[4].
-- KEYS[1] signatures: a string of 48-byte records (16-byte signature, 32-byte id); one GET
-- instead of a hash, whose HGETALL would make 20,000 Lua strings for 10,000 memories
-- ARGV[1] query signature, ARGV[2] query vector, ARGV[3] candidates, ARGV[4] results,
-- ARGV[5] the key prefix of the user's memory hashes (<prefix><id>, field 'vec': float32 LE);
-- they share KEYS[1]'s hash slot (the {mem:<user>} tag), so this is safe on a cluster.
-- Returns {id, score, id, score, ...} best first (scores as strings).
local band, bxor, rshift, byte = bit.band, bit.bxor, bit.rshift, string.byte
-- Hamming distance by table lookups: for each of the 16 signature bytes, a table of the
-- popcount of (byte XOR the query's byte), so a memory costs one string.byte and 16 lookups
-- (bitwise popcounts are ~8x slower in Redis's Lua 5.1).
local popcount = {}
for v = 0, 255 do
  local x, c = v, 0
  while x > 0 do
    c = c + band(x, 1)
    x = rshift(x, 1)
  end
  popcount[v] = c
end
local tables = {}
for j = 1, 16 do
  local q, t = byte(ARGV[1], j), {}
  for v = 0, 255 do
    t[v] = popcount[bxor(v, q)]
  end
  tables[j] = t
end
local T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16 = unpack(tables)
local records = redis.call('GET', KEYS[1]) or ''
local candidates = tonumber(ARGV[3])
local distances, histogram = {}, {}
for d = 0, 128 do histogram[d] = 0 end
local n = 0
for at = 1, #records - 47, 48 do
  local b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15, b16 = byte(records, at, at + 15)
  local total = T1[b1] + T2[b2] + T3[b3] + T4[b4] + T5[b5] + T6[b6] + T7[b7] + T8[b8]
    + T9[b9] + T10[b10] + T11[b11] + T12[b12] + T13[b13] + T14[b14] + T15[b15] + T16[b16]
  n = n + 1
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
    chosen[#chosen + 1] = string.sub(records, (i - 1) * 48 + 17, i * 48)
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
      chosen[#chosen + 1] = string.sub(records, (i - 1) * 48 + 17, i * 48)
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
