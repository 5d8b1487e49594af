-- Deletes a session when it belongs to the user: its own keys at once (deleting the lease
-- fences off a running turn, which stops at its next write), and answers the ids of its turns,
-- whose keys the caller then deletes in batches (a long-lived session has too many for one
-- command).
-- KEYS[1] meta, KEYS[2] history, KEYS[3] turns, KEYS[4] fence, KEYS[5] lease, KEYS[6] cancel,
-- KEYS[7] running summary (memory)
-- ARGV[1] user id
-- Returns {} when absent or another user's, else {'deleted', turn ids...}.
--@include owner
if not owns(KEYS[1], ARGV[1]) then
  return {}
end
local turns = redis.call('ZRANGE', KEYS[3], 0, -1)
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7])
table.insert(turns, 1, 'deleted')
return turns
