-- Deletes one memory of a user; its signature record is replaced by the last one (the
-- records are unordered), so the signatures string stays dense.
-- KEYS[1] index, KEYS[2] the memory's hash, KEYS[3] signatures (48-byte records: signature, id)
-- ARGV[1] id
-- Returns 1 when it existed, else 0.
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then
  return 0
end
redis.call('DEL', KEYS[2])
local records = redis.call('GET', KEYS[3])
if records then
  local at = 1
  while true do
    local found = string.find(records, ARGV[1], at, true)
    if not found then
      break
    end
    if (found - 17) % 48 == 0 then
      local start = found - 16
      local last = #records - 47
      if start == last then
        records = string.sub(records, 1, start - 1)
      else
        records = string.sub(records, 1, start - 1) .. string.sub(records, last)
          .. string.sub(records, start + 48, last - 1)
      end
      if #records == 0 then
        redis.call('DEL', KEYS[3])
      else
        redis.call('SET', KEYS[3], records)
      end
      break
    end
    at = found + 1
  end
end
return 1
