-- holds(lease, token): whether the caller still holds the session's turn lease (fencing).
local function holds(lease, token)
  return redis.call('GET', lease) == token
end
-- holder_turn(lease): the turn id of the lease holder, or nil.
local function holder_turn(lease)
  local holder = redis.call('GET', lease)
  if not holder then
    return nil
  end
  return string.match(holder, '^(.*):[0-9]+$') or holder
end
