-- Asks the session's running turn to stop: sets a durable flag on the turn that its replica polls.
-- KEYS[1] lease, KEYS[2] meta; ARGV[1] user id, ARGV[2] key of a turn hash without its turn id
-- Returns {} when the session is absent or another user's, {'idle'} when no turn runs, else
-- {'cancelling', turn id}.
if redis.call('HGET', KEYS[2], 'user') ~= ARGV[1] then
  return {}
end
local holder = redis.call('GET', KEYS[1])
if not holder then
  return {'idle'}
end
local turnId = string.match(holder, '^(.*):[0-9]+$') or holder
redis.call('HSET', ARGV[2] .. turnId, 'cancel', '1')
return {'cancelling', turnId}
