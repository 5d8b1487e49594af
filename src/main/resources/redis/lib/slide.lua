-- slide(meta, now, keys): records activity and moves the expiry of the session's keys to
-- now + ttl, never past the session's deadline (its maximum duration). Returns the expiry.
local function slide(meta, now, keys)
  redis.call('HSET', meta, 'active', now)
  local at = tonumber(now) + tonumber(redis.call('HGET', meta, 'ttl'))
  local deadline = tonumber(redis.call('HGET', meta, 'deadline') or '0')
  if deadline > 0 and deadline < at then
    at = deadline
  end
  for _, key in ipairs(keys) do
    redis.call('PEXPIREAT', key, at)
  end
  return at
end
