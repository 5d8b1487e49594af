-- Asks the session's running turn to stop: a short-lived request naming the turn, which its
-- replica polls (and which the turn's end deletes).
-- KEYS[1] lease, KEYS[2] meta, KEYS[3] cancel request; ARGV[1] user id, ARGV[2] its lifetime ms
-- Returns {} when the session is absent or another user's, {'idle'} when no turn runs, else
-- {'cancelling', turn id}.
--@include owner
--@include fence
if not owns(KEYS[2], ARGV[1]) then
  return {}
end
local turnId = holder_turn(KEYS[1])
if not turnId then
  return {'idle'}
end
redis.call('SET', KEYS[3], turnId, 'PX', ARGV[2])
return {'cancelling', turnId}
