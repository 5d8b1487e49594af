-- owns(meta, user): whether the session exists and belongs to the user.
local function owns(meta, user)
  return redis.call('HGET', meta, 'user') == user
end
