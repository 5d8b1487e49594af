-- Deletes a session's keys when it belongs to the user.
-- KEYS all keys of the session, KEYS[1] being the meta hash
-- ARGV[1] user id
-- Returns 1 when deleted, 0 when absent or another user's.
if redis.call('HGET', KEYS[1], 'user') ~= ARGV[1] then
  return 0
end
redis.call('DEL', unpack(KEYS))
return 1
