-- Reads a session owned by a user and, unless read-only, records activity and slides the TTL
-- of all its keys together, never past the session's deadline (its maximum duration).
-- KEYS[1] meta hash, KEYS[2..] the other keys that expire with it (history first)
-- ARGV[1] user id
-- ARGV[2] now in epoch ms, or '' to read without touching
-- ARGV[3] new ttl in ms, or '' to keep the current one
-- ARGV[4] how many of the last history entries to return (0 for none)
-- Returns an empty list when the session is absent or belongs to another user, else
-- { meta as field/value list, history length, history entries, index due }: index due is '1'
-- when the session's new expiry is far enough (5 s, or a tenth of its TTL) from the one last
-- written to its indexes (meta field 'indexed') that the caller should write them again, and
-- was recorded as written; '0' otherwise, so a busy session does not rewrite its indexes on
-- every request.
--@include owner
--@include slide
if not owns(KEYS[1], ARGV[1]) then
  return {}
end
local due = '0'
if ARGV[2] ~= '' then
  if ARGV[3] ~= '' then
    redis.call('HSET', KEYS[1], 'ttl', ARGV[3])
  end
  local at = slide(KEYS[1], ARGV[2], KEYS)
  local indexed = tonumber(redis.call('HGET', KEYS[1], 'indexed') or '0')
  local refresh = math.min(5000, tonumber(redis.call('HGET', KEYS[1], 'ttl')) / 10)
  if ARGV[3] ~= '' or math.abs(at - indexed) >= refresh then
    redis.call('HSET', KEYS[1], 'indexed', at)
    due = '1'
  end
end
local limit = tonumber(ARGV[4])
local history = {}
if limit > 0 then
  history = redis.call('LRANGE', KEYS[2], -limit, -1)
end
return { redis.call('HGETALL', KEYS[1]), tostring(redis.call('LLEN', KEYS[2])), history, due }
